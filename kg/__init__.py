"""kg: build an event-centric RDF knowledge graph from news articles, and query it."""

__version__ = "0.1.0"
