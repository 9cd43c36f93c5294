from datetime import date

import pytest

from kg.errors import InputError
from kg.ingest import Failure, iter_articles, load_manifest, read_article, strip_metadata


def test_leading_date_line_is_metadata_and_offsets_are_kept():
    text, found = strip_metadata(" date 2022-09-03 \"Quote,\" Prince said.")
    assert found == date(2022, 9, 3)
    assert "date" not in text and text.index('"Quote') == len(' date 2022-09-03 ')


def test_text_without_date_line_is_unchanged():
    assert strip_metadata("Cloudflare said.") == ("Cloudflare said.", None)


def test_manifest_gives_publication_date_and_outlet(tmp_path):
    (tmp_path / "a.txt").write_text("Acme sued Globex.")
    (tmp_path / "manifest.yaml").write_text("documents:\n  - file: a.txt\n    published: 2021-05-01\n    outlet: Daily\n")
    [article] = list(iter_articles([tmp_path]))
    assert article.published == date(2021, 5, 1) and article.outlet == "Daily"


def test_inline_date_is_used_when_the_manifest_has_none(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2020-01-02 Acme sued Globex.")
    assert read_article(path).published == date(2020, 1, 2)


def test_bad_manifest_date_names_the_file(tmp_path):
    (tmp_path / "manifest.yaml").write_text("documents:\n  - file: a.txt\n    published: someday\n")
    with pytest.raises(InputError, match=r"manifest.yaml \(a.txt\): 'published' must be a date"):
        load_manifest(tmp_path)


def test_unreadable_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owner sued Acme.".encode("latin-1"))
    (tmp_path / "good.md").write_text("Acme sued Globex.")
    (tmp_path / "notes.csv").write_text("ignored")
    items = list(iter_articles([tmp_path]))
    failures = sorted(f.reason for f in items if isinstance(f, Failure))
    assert [a.text for a in items if not isinstance(a, Failure)] == ["Acme sued Globex."]
    assert "empty document" in failures[0] and "not UTF-8" in failures[1]


def test_same_text_gets_the_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("Acme sued Globex.")
    (tmp_path / "b.txt").write_text("Acme sued Globex.")
    a, b = iter_articles([tmp_path])
    assert a.id == b.id and len(a.id) == 16
