"""Turn a file's bytes into the text kg stores: detect the encoding, strip HTML, drop invisible characters.

Every function here is pure; character offsets in the graph refer to the text these functions return.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import regex
from charset_normalizer import from_bytes

from kg.errors import InputError

# Checked longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Unlabelled Western text is most often Windows-1252 (WHATWG reads "latin-1" as it too). Short texts fit
# many single-byte encodings equally well, so among the encodings charset-normalizer finds about as
# plausible as its best (as little mess, language fit not much worse), Windows-1252 wins.
_WESTERN = "cp1252"
_CHAOS_MARGIN = 0.1
_COHERENCE_MARGIN = 0.5

_HTML_START = re.compile(r"\A\s*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(p|div|span|br|a|b|i|em|strong|li|ul|ol|h[1-6]|table|tr|td|img|meta|link|script|style|article|section|header|footer|nav)\b[^<>]*>",
    re.IGNORECASE,
)
_MIN_HTML_TAGS = 3
# Inside these, nothing is article text.
_SKIPPED = {"script", "style", "head", "title", "noscript", "template", "svg", "iframe"}
# These end a line of text; paragraphs stay separated by a blank line.
_BLOCKS = {"p", "div", "article", "section", "header", "footer", "li", "ul", "ol", "table", "tr",
           "blockquote", "pre", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls except tab and line breaks


@dataclass(frozen=True)
class Decoded:
    """The text of a file and how it was obtained (notes say what was detected or changed)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): a byte-order mark wins, then UTF-8, then what charset-normalizer detects.

    Raises:
        InputError: the bytes are empty or are not text in any encoding (a binary file).

    >>> decode_bytes("Café".encode("utf-16"))
    ('Café', 'utf-16')
    """
    if not data:
        raise InputError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise InputError(f"starts with a {encoding} byte-order mark but is not {encoding} (byte {e.start})") from e
    if b"\x00" in data:
        raise InputError("binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("binary file or unknown encoding: not UTF-8 and no other encoding fits")
    near = [m for m in matches if m.chaos <= best.chaos + _CHAOS_MARGIN]
    most_coherent = max(m.coherence for m in near)
    if any(_WESTERN in m.could_be_from_charset and m.coherence >= most_coherent - _COHERENCE_MARGIN for m in near):
        try:
            return data.decode(_WESTERN), _WESTERN
        except UnicodeDecodeError:
            pass
    chosen = min(near, key=lambda m: (-m.coherence, m.chaos))
    return str(chosen), chosen.encoding


def looks_like_html(text: str) -> bool:
    """True for a page saved or pasted as text: it opens like HTML or carries several HTML tags."""
    return bool(_HTML_START.match(text)) or len(_HTML_TAG.findall(text, 0, 200_000)) >= _MIN_HTML_TAGS


class _TextCollector(HTMLParser):
    """Collects the readable text of a page: no markup, scripts or styles; blocks become paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the readable text of an HTML page, one paragraph per block, entities decoded.

    >>> html_to_text("<html><head><title>T</title></head><body><p>Acme &amp; Co sued.</p><p>Globex   won.</p></body></html>")
    'Acme & Co sued.\\n\\nGlobex won.'
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(collector.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Unicode category Cf, by the regex module (a dependency of dateparser), which knows categories: re would need a
# class built by scanning every code point (0.12-0.33 s at each build's start) and matches it 4 times slower.
_FORMAT_CHARACTERS = regex.compile(r"\p{Cf}")


def clean_text(text: str) -> str:
    """Drop invisible format characters (zero-width spaces and joiners, direction marks, soft hyphens,
    stray byte-order marks) and turn other control characters into spaces, so no name is split or glued.

    >>> clean_text("Cloud\\u200bflare\\x07 said\\u200f.")
    'Cloudflare  said.'
    """
    return _CONTROL.sub(" ", _FORMAT_CHARACTERS.sub("", text))


def decode_document(data: bytes) -> Decoded:
    """Decode a file's bytes into the text kg stores, noting a detected encoding, stripped HTML or removed characters."""
    text, encoding = decode_bytes(data)
    notes = []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"not UTF-8: read as {encoding}")
    if looks_like_html(text):
        text = html_to_text(text)
        notes.append("HTML: markup stripped, text kept")
    cleaned = clean_text(text)
    if cleaned != text:
        removed = len(text) - len(cleaned)
        notes.append(f"invisible or control characters: {removed} removed" if removed else "control characters replaced by spaces")
    return Decoded(cleaned, encoding, tuple(notes))
