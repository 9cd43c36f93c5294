"""`kg view`: the network, timeline and evidence of the graph as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import cli, require_store, settings_from, store_option
from kg.errors import KgError, QueryError


@cli.command()
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("kg-view.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--query", help="Show only what this query returns: a canned query's name, a .rq file or SPARQL.")
@click.option("--param", "params", multiple=True, help="Bind a variable of --query: NAME=VALUE.")
@click.option("--from", "start", help="Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", help="Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--class", "families", multiple=True,
              help="Only this action family (repeatable): hostile, cooperative, communicative, economic, legal, ...")
@click.option("--entity", help="Only the events of the entity with this name or alias.")
@click.option("--top", type=click.IntRange(min=0), help="At most this many entities, those in most events (default 200; 0: all).")
@click.option("--title", help="The page's title.")
@click.option("--open", "open_page", is_flag=True, help="Show the page in the web browser.")
@click.pass_context
def view(ctx: click.Context, store: str | None, output: Path, query: str | None, params: tuple[str, ...],
         start: str | None, end: str | None, families: tuple[str, ...], entity: str | None, top: int | None,
         title: str | None, open_page: bool) -> None:
    """Write the graph's network, timeline and evidence as one HTML file that opens offline."""
    import webbrowser

    from kg.api import Graph
    from kg.queries import parse_binding

    settings = settings_from(ctx, store=store)
    require_store(settings)
    with Graph(settings.store, read_only=True, base_iri=settings.base_iri) as graph:
        bound = dict(parse_binding(p, graph.prefixes) for p in params)
        try:
            page = graph.view(query, start=start, end=end, families=families, entity=entity, top=top, title=title, **bound)
        except QueryError as e:
            raise QueryError(f"{query}: {e}") from e
    page.save(output)
    nodes, edges = page.counts
    left = page.data.left_out
    more = f" ({left['entities']} less connected entities left out: --top 0 shows all)" if left.get("entities") else ""
    click.echo(f"wrote {output}: {nodes} {'entity' if nodes == 1 else 'entities'} and {edges} "
               f"{'event' if edges == 1 else 'events'}{more}")
    if open_page and not webbrowser.open(output.resolve().as_uri()):
        raise KgError(f"no web browser to open {output} with; open the file yourself")
