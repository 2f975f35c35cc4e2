"""Partner recommendations: candidates from the partnership graph, scored by a ranker
trained on the graph itself, with reasons a person understands."""
