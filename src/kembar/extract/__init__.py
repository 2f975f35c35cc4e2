"""Reading news: an article (Indonesian, English or Malay) becomes proposed facts with
evidence spans: partnerships, events, people and amounts."""
