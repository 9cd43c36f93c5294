"""One self-contained HTML page from the view's data: the vendored libraries, kg's script and the data inlined."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg.resources import read_yaml
from kg.view.data import ViewData

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
VENDOR = HERE / "vendor"
_SOURCE_MAP = re.compile(r"^\s*/[/*][#@] sourceMappingURL=.*$", re.MULTILINE)


def vendored() -> list[dict]:
    """The libraries the page inlines, as vendor.yaml records them (name, version, npm origin, files)."""
    return read_yaml((VENDOR / "vendor.yaml").read_text(encoding="utf-8"))["libraries"]


@lru_cache(maxsize=1)
def _vendor_code() -> tuple[str, str]:
    scripts, styles = [], []
    for library in vendored():
        files = library["files"]
        # A source map comment would make the browser's tools ask for a file that is not shipped.
        scripts.append(_SOURCE_MAP.sub("", (VENDOR / files["script"]).read_text(encoding="utf-8")))
        if "style" in files:
            styles.append(_SOURCE_MAP.sub("", (VENDOR / files["style"]).read_text(encoding="utf-8")))
    return "\n;\n".join(scripts), "\n".join(styles)


def script_safe(text: str) -> str:
    """Text that cannot end the <script> or <style> element it is inlined into."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)


def json_for_script(data: dict) -> str:
    """JSON inside <script type="application/json">: every '<' escaped, so no text in the graph can end it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def version() -> str:
    try:
        return metadata.version("kg")
    except metadata.PackageNotFoundError:
        return "unknown"


def render_page(view: ViewData) -> str:
    """The page as one string: opens offline, with nothing fetched from anywhere."""
    vendor_script, vendor_style = _vendor_code()
    parts = {
        "__KG_VERSION__": html.escape(version()),
        "__KG_TITLE__": html.escape(view.title),
        "__KG_VENDOR_STYLE__": script_safe(vendor_style),
        "__KG_STYLE__": (ASSETS / "view.css").read_text(encoding="utf-8"),
        "__KG_DATA__": json_for_script(view.as_json()),
        "__KG_VENDOR_SCRIPT__": script_safe(vendor_script),
        "__KG_SCRIPT__": (ASSETS / "view.js").read_text(encoding="utf-8"),
    }
    template = (ASSETS / "page.html").read_text(encoding="utf-8")
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], template)
