"""kg's view: the network, the timeline and the evidence of a graph on one self-contained HTML page."""

from kg.view.data import Filters, ViewData, fetch_view
from kg.view.page import render_page

__all__ = ["Filters", "ViewData", "fetch_view", "render_page"]
