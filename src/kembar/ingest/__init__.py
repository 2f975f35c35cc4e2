"""From sources to the registry: storing an article, filing what it reports as proposals
in a review queue, and merging accepted proposals without duplicates."""
