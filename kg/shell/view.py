"""\\view: the network, timeline and evidence of the last result (or of the whole graph) in the web browser."""

from __future__ import annotations

import tempfile
import webbrowser
from pathlib import Path

from kg.errors import KgError
from kg.shell.session import Outcome, Session
from kg.shell.special import command


@command("\\view", "\\view [all] [FILE.html]",
         "Show the last result's events (or with 'all', or before any query, the whole graph) as a page in the browser.")
def view(session: Session, arg: str) -> Outcome:
    from kg.api import view_of  # the page's modules load when a page is asked for, not at every shell start
    from kg.view.data import Filters

    words = arg.split()
    whole = "all" in words
    files = [w for w in words if w != "all"]
    if len(files) > 1 or (files and not files[0].lower().endswith((".html", ".htm"))):
        return Outcome(error="\\view takes 'all' and a file name ending in .html, such as \\view all graph.html")
    result = None if whole else session.last_result
    if result is not None and not result.rows:
        return Outcome(error="the last result has no rows to show; \\view all shows the whole graph")
    title = f"kg: {Path(session.settings.store.rstrip('/')).name}" + ("" if result is None else " (last result)")
    page = view_of(session.store, Filters(), result=result, title=title)
    path = Path(files[0]).expanduser() if files else Path(tempfile.mkdtemp(prefix="kg-view-")) / "view.html"
    try:
        page.save(path)
    except KgError as e:
        return Outcome(error=str(e))
    nodes, edges = page.counts
    opened = session.interactive and webbrowser.open(path.resolve().as_uri())
    return Outcome(status=f"{'opened' if opened else 'wrote'} {path}: {nodes} entities and {edges} events"
                   + ("" if result is None else " the last result points to"))
