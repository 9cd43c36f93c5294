"""kg: build an event-centric RDF knowledge graph from news articles, and query it."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """`kg.open` and `kg.Graph` (kg/api.py), imported on first use so that `import kg` stays light."""
    if name in ("open", "Graph", "View"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute '{name}'")
