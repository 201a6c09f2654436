"""The ``spacegraph`` command: a thin layer that builds Settings, calls one function, prints.

Exit codes are part of the contract (CONTRACT.md): build 0 all loaded, 1 some documents
rejected, 2 usage or environment error; query 0 ok, 1 bad query; load 0 ok, 1 a file could
not be parsed (nothing of it loaded).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import QueryError, RdfParseError, SpacegraphError
from .querying.snapshots import publish_snapshot
from .saved import (
    ParameterError,
    SavedQueryError,
    bind_values,
    is_saved_query,
    parse_assignments,
    parse_saved_query,
)
from .settings import Settings
from .store import EXPORT_FORMATS, Store

_STORE_OPTION = click.option(
    "--store",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Store folder (default: $SPACEGRAPH_STORE, else var/store in the project).",
)

#: --format names of `query` and the media type each asks of the store.
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


class Failure(click.ClickException):
    """One line on stderr and an exit code of our choosing."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _open_store(settings: Settings, *, read_only: bool) -> Store:
    if read_only and not settings.store.exists():
        raise Failure(f"no store at {settings.store}: run `spacegraph build` first", 2)
    try:
        return Store(settings.store, read_only=read_only)
    except SpacegraphError as error:
        raise Failure(error.message, 2) from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spacegraph")
def main() -> None:
    """spacegraph: a knowledge graph of space diplomacy, built from joint statements."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_STORE_OPTION
def build(paths: tuple[Path, ...], store: Path | None) -> None:
    """Extract, validate and load documents (files or folders; default: sources/).

    \b
    Exit codes: 0 every document loaded; 1 some documents were rejected (each is named
    with the reason) and the others loaded; 2 usage or environment error.
    """
    from .pipeline import build as run_build

    settings = Settings.from_env(store=store)
    shown = {"count": 0}

    def progress(path: Path) -> None:
        shown["count"] += 1
        if sys.stderr.isatty():
            click.echo(f"\r[{shown['count']}] {path.name[:60]:<60}", err=True, nl=False)

    try:
        report = run_build(list(paths) or None, settings, progress=progress)
    except SpacegraphError as error:
        raise Failure(error.message, 2) from error
    if sys.stderr.isatty() and shown["count"]:
        click.echo("", err=True)
    for loaded in report.loaded:
        for warning in loaded.warnings:
            click.echo(f"warning: {loaded.path.name}: {warning}", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for rejected in report.rejected:
        click.echo(f"rejected: {rejected.reason}", err=True)
    click.echo(
        f"loaded {len(report.loaded)} document(s), rejected {len(report.rejected)}; "
        f"{report.triples} triples written to {settings.store}"
    )
    sys.exit(report.exit_code)


@main.command()
@click.argument("query")
@_STORE_OPTION
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", *RESULT_MEDIA_TYPES]),
    default="table",
    help="Result format; table (the default) prints Turtle for CONSTRUCT and DESCRIBE.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind the variable NAME (repeatable): as the saved query's header declares it "
    "(IRI: sgr:state/us or a full IRI; integer; date...), else an IRI if it looks like one, "
    "a number if it is one, or a string.",
)
def query(query: str, store: Path | None, format_name: str, params: tuple[str, ...]) -> None:
    """Run a SPARQL query: QUERY is the text, @file.rq, or - for standard input.

    Values given with --param are bound by the store (pyoxigraph substitutions), never
    pasted into the query; a bound variable must be one the SELECT projects.

    \b
    Exit codes: 0 ok; 1 bad query (the message says where); 2 no store, or a --param that
    the saved query does not declare, is not of its kind or is required and missing.
    """
    text = _query_text(query)
    try:
        saved = None
        if is_saved_query(text):
            saved = parse_saved_query(text, Path(query[1:] if query.startswith("@") else "-"))
        substitutions = bind_values(parse_assignments(params), saved) if params or saved else None
    except SavedQueryError as error:
        raise Failure(error.message, 1) from error
    except ParameterError as error:
        raise Failure(error.message, 2) from error
    settings = Settings.from_env(store=store)
    graph_store = _open_store(settings, read_only=True)
    try:
        outcome = graph_store.query(text, substitutions=substitutions or None)
        if format_name == "table":
            if outcome.kind == "graph":
                click.echo(outcome.serialize("text/turtle").decode("utf-8"), nl=False)
            else:
                results = json.loads(outcome.serialize(RESULT_MEDIA_TYPES["json"]))
                click.echo(render_table(results))
            return
        try:
            data = outcome.serialize(RESULT_MEDIA_TYPES[format_name])
        except ValueError:
            raise Failure(
                f"--format {format_name} does not fit a {outcome.kind} result", 1
            ) from None
        click.echo(data.decode("utf-8"), nl=False)
    except QueryError as error:
        raise Failure(error.message, 1) from error


def _query_text(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise Failure(f"cannot read the query file {path}: {error.strerror}", 2) from error
    return argument


def render_table(results: dict) -> str:
    """SPARQL JSON results as an aligned text table (ASK: true or false)."""
    if "boolean" in results:
        return "true" if results["boolean"] else "false"
    names = results["head"]["vars"]
    rows = [[_cell(row.get(name)) for name in names] for row in results["results"]["bindings"]]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]
    lines = [
        "  ".join(name.ljust(w) for name, w in zip(names, widths, strict=True)),
        "  ".join("-" * w for w in widths),
        *("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows),
    ]
    return (
        "\n".join(line.rstrip() for line in lines) + f"\n({len(rows)} row{'s' * (len(rows) != 1)})"
    )


def _cell(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return term["value"]
    if term["type"] == "bnode":
        return "_:" + term["value"]
    return term["value"]


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option("--graph", "graph_iri", default=None, help="Named graph IRI (default: one per file).")
@_STORE_OPTION
def load(files: tuple[Path, ...], graph_iri: str | None, store: Path | None) -> None:
    """Load RDF files as they are (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML).

    \b
    Exit codes: 0 ok; 1 a file could not be parsed (file, line, reason), nothing of it loaded.
    """
    settings = Settings.from_env(store=store)
    graph_store = _open_store(settings, read_only=False)
    failed = False
    try:
        for path in files:
            try:
                count = graph_store.load_file(path, graph_iri)
            except RdfParseError as error:
                click.echo(f"error: {error.message}", err=True)
                failed = True
                continue
            click.echo(f"loaded {count} quads from {path}")
        publish_snapshot(graph_store)  # a running server switches to what was loaded
    finally:
        graph_store.close()
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--format", "format_name", type=click.Choice(sorted(EXPORT_FORMATS)), default="trig")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
@_STORE_OPTION
def export(format_name: str, output: Path | None, store: Path | None) -> None:
    """Export the whole graph (trig and nquads keep the named graphs)."""
    settings = Settings.from_env(store=store)
    data = _open_store(settings, read_only=True).dump(format_name)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"wrote {len(data):,} bytes to {output}", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--gold",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Folder of gold annotations (default: tests/gold in the project).",
)
def evaluate(paths: tuple[Path, ...], gold: Path | None) -> None:
    """Score the extractor against gold annotations: precision, recall, F1 per relation.

    PATHS are folders of documents (default: sources/, tests/fixtures/statements and
    tests/devset); documents without a gold file are skipped. Strict and lenient scores
    with correct / missed / extra counts, for the five sources and for the others.
    """
    from .evaluate import evaluate as run_evaluation
    from .settings import PROJECT_DIR

    settings = Settings.from_env()
    tests = PROJECT_DIR / "tests"
    folders = list(paths) or [settings.sources, tests / "fixtures" / "statements", tests / "devset"]
    report = run_evaluation(gold or tests / "gold", [f for f in folders if f.exists()])
    click.echo(report.render())


@main.command()
@click.argument("iri")
@_STORE_OPTION
def explain(iri: str, store: Path | None) -> None:
    """Print the sentences behind a resource (IRI, or sgr:... for a minted one).

    \b
    Exit codes: 0 sentences printed; 1 the graph has no evidence for IRI; 2 no store.
    """
    from .explain import expand
    from .explain import explain as evidence_of

    settings = Settings.from_env(store=store)
    sentences = evidence_of(_open_store(settings, read_only=True), expand(iri))
    if not sentences:
        raise Failure(f"no evidence for {iri} in {settings.store}", 1)
    for sentence in sentences:
        where = sentence.title or sentence.document
        click.echo(f"{where} [{sentence.start}-{sentence.end}]")
        click.echo(f"  {' '.join(sentence.quote.split())}")


@main.command()
@_STORE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(store: Path | None, host: str, port: int) -> None:
    """Serve the SPARQL endpoint (http://HOST:PORT/sparql) with a production WSGI server."""
    from .serve import serve as run_server

    settings = Settings.from_env(store=store)
    if not settings.store.exists():
        raise Failure(f"no store at {settings.store}: run `spacegraph build` first", 2)
    click.echo(f"spacegraph serving {settings.store} on http://{host}:{port}/sparql", err=True)
    try:
        run_server(settings, host, port)
    except SpacegraphError as error:
        raise Failure(error.message, 2) from error


@main.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--previous",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="The previous release folder (default: the latest sibling release folder of OUT).",
)
@click.option(
    "--version", "version", default=None, help="Release version (default: the package's)."
)
@click.option(
    "--date",
    default=None,
    help="Release date, YYYY-MM-DD (default: the newest date of issue among the documents).",
)
@_STORE_OPTION
def release(
    out: Path, previous: Path | None, version: str | None, date: str | None, store: Path | None
) -> None:
    """Write a release into OUT: the graph (Turtle, TriG, N-Quads, JSON-LD), its VoID / DCAT
    description, CITATION.cff, the changes since the previous release (CHANGES.md,
    changes.ttl), the ontology documentation, network edge lists and SHA256SUMS.

    \b
    Exit codes: 0 written; 2 no store, or a bad option or previous release.
    """
    from .release import write_release

    settings = Settings.from_env(store=store)
    graph_store = _open_store(settings, read_only=True)
    try:
        report = write_release(
            graph_store, out, settings=settings, version=version, date=date, previous=previous
        )
    except SpacegraphError as error:
        raise Failure(error.message, 2) from error
    since = f"since {report.changelog.previous_version}" if report.previous else "(first release)"
    click.echo(f"release {report.version}: {len(report.files)} files in {report.folder}")
    counts = {
        category: len([c for c in report.changelog.changes if c.category == category])
        for category in ("documents", "meetings", "entities", "commitments")
    }
    summary = ", ".join(f"{count} {category}" for category, count in counts.items())
    click.echo(f"changes {since}: {summary}")


@main.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@_STORE_OPTION
def network(out: Path, store: Path | None) -> None:
    """Write co-participation edge lists into OUT: state-state and body-body, weighted by the
    meetings held together, with first and last dates (states.csv, states.graphml,
    bodies.csv, bodies.graphml).

    \b
    Exit codes: 0 written; 2 no store.
    """
    from .networks import write_networks

    settings = Settings.from_env(store=store)
    for path in write_networks(_open_store(settings, read_only=True), out):
        click.echo(f"wrote {path}")
