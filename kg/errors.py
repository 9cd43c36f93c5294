"""Errors kg raises; each is shown to users as one line."""


class KgError(Exception):
    """Base class: anything a user can cause and fix."""


class ConfigError(KgError):
    """A setting or the settings file is wrong."""


class InputError(KgError):
    """An article file or a manifest cannot be read."""


class NlpError(KgError):
    """The NLP pipeline cannot be loaded or run."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class StoreFull(StoreError):
    """The disk (or the file-size limit) holding the store is full: the build must stop."""


class QueryError(KgError):
    """A SPARQL query is malformed or names something unknown."""


class QueryTimeout(QueryError):
    """A query ran longer than its time-out and was stopped."""


class QueryCancelled(QueryError):
    """A query was stopped by the user (Ctrl-C)."""


class ClusterError(KgError):
    """The Dask cluster given to a build cannot be reached or used."""
