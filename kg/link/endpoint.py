"""Link through a live SPARQL endpoint (Wikidata's or DBpedia's shape): batched label lookups per kind,
a timeout, a polite pause between requests, and an on-disk cache so that a re-run needs no network."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx

from kg import __version__
from kg.errors import KgError
from kg.link.kinds import ENDPOINT_CLASSES, description_terms
from kg.link.model import Candidate, EntityInfo, Link
from kg.link.score import decide

PROFILES = tuple(ENDPOINT_CLASSES)
USER_AGENT = f"kg/{__version__} (news knowledge graph linker; https://w3id.org/kgnews)"

# ?matched is bound by a VALUES clause of labels, ?class by the kind's classes.
_QUERIES = {
    "wikidata": """
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT DISTINCT ?item ?matched ?primary ?description ?related ?population WHERE {
  VALUES ?matched { %(labels)s }
  { ?item rdfs:label ?matched BIND(true AS ?primary) } UNION { ?item skos:altLabel ?matched BIND(false AS ?primary) }
  VALUES ?class { %(classes)s }
  ?item wdt:P31/wdt:P279* ?class .
  OPTIONAL { ?item schema:description ?description FILTER(lang(?description) = "en") }
  OPTIONAL { ?item wdt:P17|wdt:P131|wdt:P27|wdt:P102|wdt:P159|wdt:P39|wdt:P106 ?r .
             ?r rdfs:label ?related FILTER(lang(?related) = "en") }
  OPTIONAL { ?item wdt:P1082 ?population }
}""",
    "dbpedia": """
PREFIX dbo: <http://dbpedia.org/ontology/>
SELECT DISTINCT ?item ?matched ?primary ?description ?related ?population WHERE {
  VALUES ?matched { %(labels)s }
  { ?item rdfs:label ?matched BIND(true AS ?primary) }
  UNION { ?redirect dbo:wikiPageRedirects ?item ; rdfs:label ?matched BIND(false AS ?primary) }
  VALUES ?class { %(classes)s }
  ?item a ?class .
  OPTIONAL { ?item rdfs:comment ?description FILTER(lang(?description) = "en") }
  OPTIONAL { ?item dbo:country|dbo:isPartOf|dbo:location|dbo:party|dbo:nationality|dbo:headquarter ?r .
             ?r rdfs:label ?related FILTER(lang(?related) = "en") }
  OPTIONAL { ?item dbo:populationTotal ?population }
}""",
}
_PREFIXES = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
             "PREFIX schema: <http://schema.org/>\n")


@dataclass(frozen=True)
class EndpointOptions:
    url: str
    profile: str = "wikidata"
    batch_size: int = 50
    timeout: float = 30.0
    delay: float = 1.0  # seconds between requests: Wikidata and DBpedia ask clients not to hammer them
    offline: bool = False  # use the cache only


def guess_profile(url: str) -> str:
    return "dbpedia" if "dbpedia" in url.lower() else "wikidata"


def _literal(label: str) -> str:
    return json.dumps(label, ensure_ascii=False) + "@en"


class Cache:
    """Candidates per (endpoint, query, kind, label), as JSON in SQLite under the user's state folder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS candidates (endpoint TEXT, profile TEXT, kind TEXT, label TEXT, "
                        "rows TEXT, PRIMARY KEY (endpoint, profile, kind, label))")

    def get(self, url: str, query_key: str, kind: str, label: str) -> list[dict] | None:
        row = self.db.execute("SELECT rows FROM candidates WHERE endpoint=? AND profile=? AND kind=? AND label=?",
                              (url, query_key, kind, label)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, url: str, query_key: str, kind: str, answers: dict[str, list[dict]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO candidates VALUES (?, ?, ?, ?, ?)",
                                [(url, query_key, kind, label, json.dumps(rows)) for label, rows in answers.items()])

    def close(self) -> None:
        self.db.close()


class Endpoint:
    """Asks one SPARQL endpoint for candidates, batch by batch, politely."""

    def __init__(self, opts: EndpointOptions, cache: Cache) -> None:
        if opts.profile not in PROFILES:
            raise KgError(f"unknown endpoint profile '{opts.profile}'; use one of: {', '.join(PROFILES)}")
        self.opts, self.cache = opts, cache
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT, "Accept": "application/sparql-results+json"},
                                   timeout=opts.timeout)
        self.requests = 0
        self._last = 0.0
        # Answers to another version of the query are not reused.
        template = _QUERIES[opts.profile] + json.dumps(ENDPOINT_CLASSES[opts.profile], sort_keys=True)
        self.query_key = f"{opts.profile}:{hashlib.sha256(template.encode('utf-8')).hexdigest()[:12]}"

    def close(self) -> None:
        self.client.close()

    def _post(self, query: str) -> dict:
        wait = self._last + self.opts.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            for _attempt in range(3):
                response = self.client.post(self.opts.url, data={"query": query})
                self._last, self.requests = time.monotonic(), self.requests + 1
                if response.status_code not in (429, 503):
                    break
                time.sleep(min(float(response.headers.get("Retry-After", "5") or 5), 60))
            response.raise_for_status()
            return response.json()
        except httpx.TimeoutException as e:
            raise KgError(f"endpoint {self.opts.url}: no answer within {self.opts.timeout:g} s") from e
        except httpx.HTTPStatusError as e:
            raise KgError(f"endpoint {self.opts.url}: HTTP {e.response.status_code}: {e.response.text.strip()[:120]}") from e
        except httpx.HTTPError as e:
            raise KgError(f"endpoint {self.opts.url}: cannot connect: {str(e)[:160]}") from e
        except ValueError as e:
            raise KgError(f"endpoint {self.opts.url}: the answer is not SPARQL JSON results") from e

    def _ask(self, kind: str, labels: list[str]) -> dict[str, list[dict]]:
        query = _PREFIXES + _QUERIES[self.opts.profile] % {
            "labels": " ".join(_literal(label) for label in labels),
            "classes": " ".join(f"<{c}>" for c in ENDPOINT_CLASSES[self.opts.profile][kind])}
        answers: dict[str, list[dict]] = {label: [] for label in labels}
        for b in self._post(query)["results"]["bindings"]:
            row = {k: v["value"] for k, v in b.items()}
            if row.get("matched") in answers:
                answers[row["matched"]].append(row)
        return answers

    def lookup(self, kind: str, labels: list[str]) -> dict[str, list[dict]]:
        """Rows per label: from the cache when there, else from the endpoint in batches (then cached)."""
        found = {label: rows for label in labels
                 if (rows := self.cache.get(self.opts.url, self.query_key, kind, label)) is not None}
        missing = [label for label in labels if label not in found]
        if missing and self.opts.offline:
            raise KgError(f"endpoint {self.opts.url}: {len(missing)} names are not in the cache and --offline was given")
        for i in range(0, len(missing), self.opts.batch_size):
            answers = self._ask(kind, missing[i : i + self.opts.batch_size])
            self.cache.put(self.opts.url, self.query_key, kind, answers)
            found.update(answers)
        return found


def candidates_from_rows(rows: list[dict], kind: str, class_iri: str) -> list[Candidate]:
    """One candidate per (resource, matched label), with every related name and description phrase as context."""
    grouped: dict[tuple[str, str, bool], list[dict]] = defaultdict(list)
    for row in rows:
        grouped[(row["item"], row["matched"], row.get("primary") in ("true", "1"))].append(row)
    candidates = []
    for (item, label, primary), group in sorted(grouped.items()):
        terms = sorted({r["related"] for r in group if r.get("related")})
        terms += sorted({t for r in group for t in description_terms(r.get("description", ""))})
        population = max((float(r["population"]) for r in group if r.get("population")), default=1.0)
        candidates.append(Candidate(item, label, kind, class_iri, primary, population, tuple(terms)))
    return candidates


def link_via_endpoint(entities: list[EntityInfo], endpoint: Endpoint) -> list[Link]:
    method = f"endpoint-{endpoint.opts.profile}"
    classes = ENDPOINT_CLASSES[endpoint.opts.profile]
    links = []
    for kind, class_iris in classes.items():
        of_kind = [e for e in entities if e.kind == kind]
        answers = endpoint.lookup(kind, sorted({label for e in of_kind for label in e.labels}))
        for e in of_kind:
            rows = answers.get(e.pref_label) or [r for label in e.labels for r in answers.get(label, [])]
            link = decide(e, candidates_from_rows(rows, kind, class_iris[0]), method)
            if link is not None:
                links.append(link)
    return links
