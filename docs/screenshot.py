"""Make the README's screenshot of the seeds' view page (docs/view-seeds.png) in headless Chromium.

Builds the seeds into a temporary store (or uses --store), writes the page as `kg view` does, clicks the
Cloudflare -> Kiwi Farms edge so the evidence shows, and saves a PNG small enough for the repository:

    .venv/bin/python docs/screenshot.py [--store DIR] [-o docs/view-seeds.png]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.api import Graph

ROOT = Path(__file__).resolve().parent.parent
BLOCKED = """SELECT ?e WHERE { ?e a kg:Event ; kg:agent/skos:prefLabel "Cloudflare" ; kg:target/skos:prefLabel "Kiwi Farms" ;
  kg:actionClass kg:ReduceRelations ; kg:articleCount ?articles } ORDER BY DESC(?articles) LIMIT 1"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a store with the seeds built (default: build them into a temporary one)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "view-seeds.png")
    args = parser.parse_args()
    store = args.store or str(Path(tempfile.mkdtemp(prefix="kg-shot-")) / "store")
    with Graph(store) as graph:
        if not args.store:
            graph.build(ROOT / "seeds")
        page_view = graph.view(title="kg view: the seeds")
        blocked = graph.query(BLOCKED)[0]["e"]
    html = page_view.save(Path(tempfile.mkdtemp(prefix="kg-shot-")) / "seeds.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 860})
        tab.goto(html.as_uri())
        tab.wait_for_selector("body[data-ready=true]")
        tab.evaluate("id => kgView.showEvents([id])", blocked)
        tab.wait_for_timeout(800)  # the timeline's scroll to the selected event
        tab.screenshot(path=str(args.output))
        browser.close()
    print(f"wrote {args.output} ({args.output.stat().st_size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
