from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import (
    Failure,
    iter_articles,
    read_article,
    read_manifest,
    strip_metadata,
)


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


def test_bad_manifest_date_names_the_manifest_and_the_entry(tmp_path):
    (tmp_path / "manifest.yaml").write_text("documents:\n  - file: a.txt\n    published: someday\n")
    manifest, [failure] = read_manifest(tmp_path)
    assert manifest["a.txt"]["published"] is None
    assert failure.reason.startswith(f"{tmp_path / 'manifest.yaml'} (a.txt): 'published' must be a date")


def _read(folder):
    items = list(iter_articles([folder]))
    return [i for i in items if not isinstance(i, Failure)], [i for i in items if isinstance(i, Failure)]


def test_bad_date_in_one_manifest_entry_is_reported_and_the_document_built_without_it(tmp_path):
    (tmp_path / "a.txt").write_text("Acme sued Globex.")
    (tmp_path / "b.txt").write_text("Globex sued Acme.")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - file: a.txt\n    published: 2022-13-45\n    outlet: Daily\n"
        "  - file: b.txt\n    published: 2021-05-01\n"
    )
    articles, failures = _read(tmp_path)
    assert {a.path.rsplit("/", 1)[1]: (a.published, a.outlet) for a in articles} == {
        "a.txt": (None, "Daily"), "b.txt": (date(2021, 5, 1), None)}
    [failure] = failures
    assert failure.path == str(tmp_path / "manifest.yaml")
    assert "manifest.yaml (a.txt): 'published' must be a date" in failure.reason and "\n" not in failure.reason


@pytest.mark.parametrize("manifest, problem", [
    ("documents: [file: a.txt\n  published: 2022", "not valid YAML"),
    ("- just\n- a list\n", "expected a 'documents:' list"),
    (b"\xff\xfe\x00\xd8".decode("latin-1"), "not valid YAML"),
])
def test_malformed_manifest_is_reported_once_and_its_folder_still_built(tmp_path, manifest, problem):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Acme sued Globex in {name}.")
    (tmp_path / "manifest.yaml").write_text(manifest, encoding="latin-1")
    articles, failures = _read(tmp_path)
    assert len(articles) == 2
    [failure] = failures
    assert failure.reason.startswith(f"{tmp_path / 'manifest.yaml'}: {problem}") and "\n" not in failure.reason


def test_bad_inline_date_is_reported_blanked_and_the_text_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2022-02-30\nAcme sued Globex.")
    [article, failure] = iter_articles([path])
    assert article.published is None and article.text == " " * 15 + "\nAcme sued Globex."
    assert failure.reason == f"{path}: bad date line 'date 2022-02-30': day is out of range for month; ignored"


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty document"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file"),
    ("random.md", bytes((i * 7919) % 251 for i in range(4000)).replace(b"\x00", b"\x01"), "binary file or unknown encoding"),
    ("only-markup.txt", b"<html><head><script>var x = 1;</script></head><body><div></div></body></html>", "empty document (no text after stripping HTML)"),
])
def test_unreadable_files_get_one_line_naming_the_file_and_the_rest_is_read(tmp_path, name, data, problem):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.md").write_text("Acme sued Globex.")
    (tmp_path / "notes.csv").write_text("ignored")
    articles, failures = _read(tmp_path)
    assert [a.text for a in articles] == ["Acme sued Globex."]
    [failure] = failures
    assert failure.reason.startswith(f"{tmp_path / name}: {problem}") and "\n" not in failure.reason


@pytest.mark.parametrize("text, encoding", [
    ("Café owner sued Acme for €5 over the “deal”.", "cp1252"),
    ("Café owner sued Acme in Zürich.", "latin-1"),
    ("Café owner sued Acme in Zürich.", "utf-16"),
    ("Café owner sued Acme in Zürich.", "utf-32"),
    ("Café owner sued Acme in Zürich.", "utf-8-sig"),
    ("Президент России заявил в понедельник, что правительство не будет вводить новые налоги.", "cp1251"),
])
def test_encodings_are_detected(tmp_path, text, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_article(path).text == text


def test_detected_encoding_is_said(tmp_path, caplog):
    path = tmp_path / "a.txt"
    path.write_bytes("Café owner sued Acme.".encode("latin-1"))
    read_article(path)
    assert f"{path}: not UTF-8: read as cp1252" in caplog.messages


BBC_LATIN1 = Path("/work/shared/corpus/bbc-news/bbc/sport/199.txt")


@pytest.mark.skipif(not BBC_LATIN1.is_file(), reason="BBC corpus not present")
def test_the_latin1_bbc_article_is_read_with_its_pound_sign():
    raw = BBC_LATIN1.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = read_article(BBC_LATIN1).text
    assert text == raw.decode("latin-1") and "\u00a315.8m" in text


def test_html_pasted_as_text_is_stripped_to_its_text(tmp_path, caplog):
    path = tmp_path / "page.txt"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Menu</title><style>p {color: red}</style></head>"
        "<body><nav><a href='/'>Home</a></nav><h1>Acme &amp; Co sued</h1>"
        "<p>Acme sued <b>Globex</b> on Monday.</p><script>track()</script><p>Globex&#39;s lawyers said no.</p></body></html>"
    )
    article = read_article(path)
    assert article.text == "Home\n\nAcme & Co sued\n\nAcme sued Globex on Monday.\n\nGlobex's lawyers said no."
    assert f"{path}: HTML: markup stripped, text kept" in caplog.messages


def test_text_mentioning_a_tag_is_not_taken_for_html(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The filter removed every <script> tag, Acme said.")
    assert read_article(path).text == "The filter removed every <script> tag, Acme said."


def test_invisible_and_control_characters_are_removed_so_names_stay_whole(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("\ufeffCloud\u200bflare\u00ad blocked\x07 Kiwi\u2060Farms\u200f.\r\n\tEnd\x1b.")
    text = read_article(path).text
    assert text == "Cloudflare blocked  KiwiFarms.\r\n\tEnd ."


def test_nul_bytes_mean_a_binary_file_even_in_ascii(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Acme sued\x00 Globex.")
    with pytest.raises(InputError, match=r"a.txt: binary file"):
        read_article(path)


def test_a_missing_path_is_a_failure_not_a_crash(tmp_path):
    (tmp_path / "a.txt").write_text("Acme sued Globex.")
    items = list(iter_articles([tmp_path / "nope", tmp_path]))
    assert isinstance(items[0], Failure) and "nope: no such file or folder" in items[0].reason
    assert items[1].text == "Acme sued Globex."


def test_same_text_gets_the_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("Acme sued Globex.")
    (tmp_path / "b.txt").write_text("Acme sued Globex.")
    a, b = iter_articles([tmp_path])
    assert a.id == b.id and len(a.id) == 16


def test_manifest_fields_that_are_not_text_or_not_an_iri_are_reported_and_ignored(tmp_path):
    (tmp_path / "a.txt").write_text("Acme sued Globex.")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - file: a.txt\n    url: 'http://example.org/a b>'\n    title: [a, b]\n    outlet: 42\n")
    [article], failures = _read(tmp_path)
    assert (article.url, article.title, article.outlet) == (None, None, "42")
    reasons = sorted(f.reason for f in failures)
    assert reasons == [f"{tmp_path / 'manifest.yaml'} (a.txt): 'title' must be text, not a list; ignored",
                       f"{tmp_path / 'manifest.yaml'} (a.txt): 'url' is not a valid IRI: 'http://example.org/a b>'; ignored"]
