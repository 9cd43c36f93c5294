"""The view page in a real browser (Debian's chromium, driven by Playwright): the file `kg view` writes and the
page `kg serve` serves at /, with the seeds' graph. One browser for the module; one page load per way of viewing."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from serving import KG, free_port, running

from kg.api import Graph

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")]

EDGE_EVENTS = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Event ; kg:agent ?a ; kg:target ?t }"
EDGE_ENTITIES = """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?e a kg:Event ; kg:agent ?x ; kg:target [] } UNION { ?e a kg:Event ; kg:agent [] ; kg:target ?x } }"""
BLOCKED = """SELECT ?e ?reports WHERE { ?e a kg:Event ; kg:agent/skos:prefLabel "Cloudflare" ;
  kg:target/skos:prefLabel "Kiwi Farms" ; kg:articleCount ?articles ; kg:reportCount ?reports ;
  kg:actionClass kg:ReduceRelations } ORDER BY DESC(?articles) LIMIT 1"""


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def expected(seeds_store):
    with Graph(seeds_store, read_only=True) as graph:
        blocked = graph.query(BLOCKED)[0]
        return {"entities": graph.query(EDGE_ENTITIES)[0]["n"], "events": graph.query(EDGE_EVENTS)[0]["n"],
                "blocked": blocked["e"], "reports": blocked["reports"], "file": graph.view()}


@pytest.fixture(scope="module", params=["file", "served"])
def page(request, browser, expected, seeds_store, tmp_path_factory):
    """The seeds' page, loaded, with every console error it logs."""
    tab = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.errors = errors
    if request.param == "file":
        path = expected["file"].save(tmp_path_factory.mktemp("view") / "seeds.html")
        tab.goto(path.as_uri())
        tab.wait_for_selector("body[data-ready=true]", timeout=60_000)
        yield tab
    else:
        port = free_port()
        with running([*KG, "serve", "--store", str(seeds_store), "--port", str(port)], port):
            tab.goto(f"http://127.0.0.1:{port}/")
            tab.wait_for_selector("body[data-ready=true]", timeout=60_000)
            yield tab
    tab.close()


def test_the_network_holds_every_entity_and_event_of_the_graph(page, expected):
    counts = page.evaluate("[kgView.shownNodes().length, kgView.shownEdges().length]")
    assert counts == [expected["entities"], expected["events"]]
    assert expected["events"] > 10


def test_clicking_the_cloudflare_kiwi_farms_edge_shows_its_evidence(page, expected):
    box = page.locator("#network").bounding_box()
    # The layout is random, so another edge or a node (when the two ends lie close) can be under the edge's
    # midpoint: while it is clicked, everything but the edge and its ends is hidden and the ends are set apart.
    point = page.evaluate("id => { const cy = kgView.cy, edge = cy.getElementById(id); "
                          "const ends = edge.connectedNodes(), [a, b] = [edge.source(), edge.target()]; "
                          "window.clickRestore = { hidden: cy.elements().not(edge).not(ends).filter(e => e.visible()), "
                          "positions: ends.map(n => [n, { ...n.position() }]) }; "
                          "window.clickRestore.hidden.style('display', 'none'); "
                          "b.position({ x: a.position('x') + 600, y: a.position('y') }); cy.fit(ends, 40); "
                          "return edge.renderedMidpoint(); }", expected["blocked"])
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.evaluate("window.clickRestore.hidden.removeStyle('display'); "
                  "window.clickRestore.positions.forEach(([n, p]) => n.position(p))")
    evidence = page.locator("#evidence")
    assert "Cloudflare — blocked" in evidence.inner_text()
    assert evidence.locator("blockquote").count() == expected["reports"]
    assert "pulled its support for Kiwi Farms" in evidence.inner_text()
    assert evidence.locator("blockquote a").first.get_attribute("href").startswith("https://w3id.org/kgnews/resource/document/")


def test_the_keyboard_walks_the_entities_and_lists_their_events(page):
    page.locator("#network").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.locator("#evidence h2").inner_text() == "Cloudflare"  # in most events
    assert page.locator("#evidence li").count() == page.evaluate("kgView.cy.getElementById(kgView.state.focus).connectedEdges().length")
    page.keyboard.press("Escape")
    assert page.evaluate("kgView.state.focus") is None


def test_the_network_saves_as_png_and_svg(page):
    with page.expect_download() as png:
        page.click("#save-png")
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("#save-svg")
    drawing = ET.parse(svg.value.path()).getroot()
    lines = drawing.findall("{http://www.w3.org/2000/svg}line")
    assert len(lines) == page.evaluate("kgView.shownEdges().length")


def test_search_reports_and_family_filters_narrow_the_network(page, expected):
    ends = "kgView.shownEdges().map(e => [e.source().data('label'), e.target().data('label')])"
    page.fill("#search", "8ch")
    assert page.evaluate(ends) == [["Cloudflare", "8chan"]]
    page.fill("#search", "")
    page.fill("#min-reports", str(expected["reports"]))
    assert page.evaluate("kgView.shownEdges().map(e => e.id())") == [expected["blocked"]]
    page.fill("#min-reports", "1")
    page.uncheck("input[data-family=hostile]")
    families = page.evaluate("kgView.shownEdges().map(e => kgView.data.edges.find(x => x.id === e.id()).family)")
    assert families and "hostile" not in families
    page.check("input[data-family=hostile]")
    assert page.evaluate("kgView.shownEdges().length") == expected["events"]


def test_filtering_to_2019_leaves_only_the_8chan_event(page):
    page.fill("#from", "2019-01-01")
    page.fill("#to", "2019-12-31")
    page.dispatch_event("#to", "change")
    shown = page.evaluate("kgView.shownEdges().map(e => [e.source().data('label'), e.target().data('label')])")
    assert shown == [["Cloudflare", "8chan"]]
    assert len(page.evaluate("kgView.visibleTimelineItems()")) == 1
    page.click("#all-dates")
    assert page.evaluate("kgView.shownEdges().length") > 1


def test_the_console_shows_no_errors(page):
    assert page.errors == []
