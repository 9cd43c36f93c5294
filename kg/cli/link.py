"""`kg link` (entities to GeoNames, RDF datasets, SPARQL endpoints) and `kg import` (another dataset into the store)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import cli, open_store_for, require_store, settings_from, store_option
from kg.config import state_dir
from kg.errors import KgError
from kg.iri import Minter, slug


def _plan(sources: tuple[str, ...], datasets: tuple[Path, ...], endpoint: str | None) -> list[tuple[str, str]]:
    """(kind, where) for each source to run: SOURCES may name geonames, a dataset file or an endpoint URL."""
    plan = []
    for source in sources:
        if source == "geonames":
            plan.append(("geonames", source))
        elif source.startswith(("http://", "https://")):
            plan.append(("endpoint", source))
        elif Path(source).suffix:
            plan.append(("dataset", source))
        else:
            raise KgError(f"unknown link source '{source}'; name geonames, an RDF file (.nt, .ttl, .nq) or a SPARQL endpoint URL")
    plan += [("dataset", str(d)) for d in datasets]
    plan += [("endpoint", endpoint)] if endpoint else []
    return plan or [("geonames", "geonames")]


@cli.command()
@click.argument("sources", nargs=-1)
@store_option
@click.option("--dataset", "datasets", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Link to a local RDF dataset (.nt, .ttl, .nq, .trig); repeatable.")
@click.option("--endpoint", help="Link through a SPARQL endpoint URL.")
@click.option("--profile", type=click.Choice(["wikidata", "dbpedia"]), help="The endpoint's shape (default: guessed from the URL).")
@click.option("--name", help="Name the links' source (default: geonames, the dataset file's stem, or the profile).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for each endpoint request.")
@click.option("--delay", type=float, default=1.0, show_default=True, help="Seconds between endpoint requests.")
@click.option("--batch-size", type=click.IntRange(1, 500), default=50, show_default=True, help="Names per endpoint request.")
@click.option("--offline", is_flag=True, help="Use only the endpoint answers cached by earlier runs.")
@click.option("--undo", metavar="NAME", help="Remove the links from source NAME instead.")
@click.option("--list", "list_sources", is_flag=True, help="List the link sources in the store.")
@click.pass_context
def link(ctx: click.Context, sources: tuple[str, ...], store: str | None, datasets: tuple[Path, ...], endpoint: str | None,
         profile: str | None, name: str | None, timeout: float, delay: float, batch_size: int, offline: bool,
         undo: str | None, list_sources: bool) -> None:
    """Link entities to GeoNames (the default, offline), RDF datasets or SPARQL endpoints.

    Confident matches become owl:sameAs, plausible ones skos:closeMatch, each with a kg:Link record of its
    score, method and evidence. Links from one source live in one named graph: re-running replaces them.
    """
    from kg.link.entities import read_entities
    from kg.link.writer import link_counts, remove_links, write_links

    settings = settings_from(ctx, store=store)
    require_store(settings)
    minter = Minter(settings.base_iri)
    with open_store_for(settings) as kg_store:
        if list_sources or undo:
            if undo:
                remove_links(kg_store, minter, undo)
                click.echo(f"removed the links from {undo}")
            for source, (same, close) in link_counts(kg_store).items():
                click.echo(f"{source}: {same} owl:sameAs, {close} skos:closeMatch")
            return
        plan = _plan(sources, datasets, endpoint)
        if name and len(plan) > 1:
            raise KgError("--name names one source, but several were given")
        entities = read_entities(kg_store, str(minter.resolution_graph()))
        for kind, where in plan:
            source, links = _run(kind, where, entities, name=name, profile=profile, timeout=timeout, delay=delay,
                                 batch_size=batch_size, offline=offline)
            write_links(kg_store, minter, source, links)
            same = sum(1 for k in links if k.relation.value == "sameAs")
            click.echo(f"{source}: {same} owl:sameAs, {len(links) - same} skos:closeMatch for {len(entities)} entities")


def _run(kind: str, where: str, entities, *, name, profile, timeout, delay, batch_size, offline):
    if kind == "geonames":
        from kg.link.geonames import link_places

        return name or "geonames", link_places(entities)
    if kind == "dataset":
        from kg.link.dataset import DatasetIndex, link_to_dataset

        return name or slug(Path(where).stem), link_to_dataset(entities, DatasetIndex(Path(where)))
    from kg.link.endpoint import (
        Cache,
        Endpoint,
        EndpointOptions,
        guess_profile,
        link_via_endpoint,
    )

    opts = EndpointOptions(where, profile or guess_profile(where), batch_size, timeout, delay, offline)
    cache = Cache(state_dir() / "link-cache.sqlite")
    endpoint = Endpoint(opts, cache)
    try:
        return name or opts.profile, link_via_endpoint(entities, endpoint)
    finally:
        endpoint.close()
        cache.close()


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_option
@click.option("--name", help="Name of the import (default: the file's stem); importing the same name again replaces it.")
@click.pass_context
def import_(ctx: click.Context, file: Path, store: str | None, name: str | None) -> None:
    """Load another RDF dataset (.nt, .ttl, .nq, .trig) into its own named graph, to query it joined with kg's facts."""
    from kg.link.imports import import_file

    settings = settings_from(ctx, store=store)
    require_store(settings)
    with open_store_for(settings) as kg_store:
        graph, count = import_file(kg_store, Minter(settings.base_iri), file, name)
    click.echo(f"imported {count} triples from {file} into graph <{graph}>")
