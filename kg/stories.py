"""Stories: groups of documents about the same happenings, found from the entities they name.

Event resolution (kg/events.py) compares reports that nothing places in time, and reports that name no
participant, only within one story: without a date or a participant, sharing a story is the only evidence that
two documents tell of one happening. A story is an average-link cluster of documents by the cosine of their
resolved entities, each weighted (1 + log count) x smoothed idf, 1 + log((1 + documents) / (1 + documents naming
it)), so that two documents alike in all they name are alike however few documents there are. With `neighbours`
set, two documents are alike instead by the share of their nearest documents they have in common (shared nearest
neighbours, Jarvis and Patrick 1973): each document's `neighbours` nearest by that cosine, itself included, among
those naming something it names. Two happenings with the same protagonists (two stays in rehab of one actress, two
storms over one coast) then stay apart, since the documents nearest each report are those of its own happening,
and a document that names only what both share ("Paris") no longer bridges them. Clustering is quadratic in the
documents it compares, so documents are compared only within their month of publication (undated documents with
each other), and a month with more than `max_documents` documents leaves each document its own story.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date
from typing import Mapping

import numpy as np


def find_stories(entities: Mapping[str, Counter], published: Mapping[str, date | None], distance: float,
                 max_documents: int, neighbours: int = 0) -> dict[str, str]:
    """Document id -> story id (the smallest document id in the story) for documents naming `entities`."""
    blocks: dict[tuple[int, int] | None, list[str]] = defaultdict(list)
    for doc_id in sorted(entities):
        day = published.get(doc_id)
        blocks[(day.year, day.month) if day else None].append(doc_id)
    story: dict[str, str] = {}
    for block in blocks.values():
        story.update({d: d for d in block if not entities[d]})  # naming nobody, a document is a story of its own
        docs = [d for d in block if entities[d]]
        if len(docs) < 2 or len(docs) > max_documents:
            story.update({d: d for d in docs})
            continue
        for label, members in _clusters([entities[d] for d in docs], distance, neighbours).items():
            first = min(docs[i] for i in members)
            story.update({docs[i]: first for i in members})
    return story


def preload() -> None:
    """Import SciPy (a third of a second) while a build's parsers work, not after the last parse."""
    import scipy.cluster.hierarchy  # noqa: F401
    import scipy.sparse  # noqa: F401
    import scipy.spatial.distance  # noqa: F401


def _clusters(bags: list[Counter], distance: float, neighbours: int = 0) -> dict[int, list[int]]:
    """Average-link clusters of the bags (row numbers by cluster), from their sparse cosine similarities or, with
    `neighbours`, the nearest neighbours they share."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import csr_matrix
    from scipy.spatial.distance import squareform

    holders = Counter(e for bag in bags for e in bag)
    column = {e: i for i, e in enumerate(holders)}
    rows, cols, weights = [], [], []
    for row, bag in enumerate(bags):
        for entity, n in bag.items():
            rows.append(row)
            cols.append(column[entity])
            weights.append((1 + math.log(n)) * (1 + math.log((1 + len(bags)) / (1 + holders[entity]))))
    matrix = csr_matrix((weights, (rows, cols)), shape=(len(bags), len(column)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = csr_matrix(matrix.multiply(1 / norms[:, None]))
    similarity = (unit @ unit.T).toarray()
    np.fill_diagonal(similarity, 1.0)
    if neighbours:
        similarity = _shared_neighbours(similarity, neighbours)
    distances = np.clip(1.0 - similarity, 0.0, 2.0)
    labels = fcluster(linkage(squareform(distances, checks=False), method="average"), distance, criterion="distance")
    members: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        members[int(label)].append(row)
    return members


def _shared_neighbours(similarity: np.ndarray, neighbours: int) -> np.ndarray:
    """The share of their `neighbours` + 1 nearest rows (themselves included; only rows of positive similarity
    count) that two rows have in common; 0 for rows of no similarity, 1 on the diagonal."""
    from scipy.sparse import csr_matrix

    size = len(similarity)
    nearest = min(neighbours + 1, size)
    cols = np.argsort(-similarity, axis=1, kind="stable")[:, :nearest].ravel()
    rows = np.repeat(np.arange(size), nearest)
    kept = similarity[rows, cols] > 0
    member = csr_matrix((np.ones(int(kept.sum())), (rows[kept], cols[kept])), shape=(size, size))
    shared = (member @ member.T).toarray() / (neighbours + 1)
    shared[similarity <= 0] = 0.0
    np.fill_diagonal(shared, 1.0)
    return shared


__all__ = ["find_stories"]
