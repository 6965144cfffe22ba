"""The `sora-meta` command: parses options into `Options`, calls the library, renders the result.

Heavy modules (pandas, the extractors) are imported inside the commands so that
`sora-meta --help` answers at once.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import ExitStatus, SoraMetaError, UsageError
from .models import Options

if TYPE_CHECKING:
    from .pipeline import Analysis, DocResult

F = TypeVar("F", bound=Callable[..., Any])

TRANSLATORS = ("none",)
LANG_DETECTORS = ("fasttext", "langdetect", "lingua")


class Env:
    """The streams a command talks to and whether they are terminals; tests swap it."""

    def __init__(self) -> None:
        self.stdout: IO[str] = sys.stdout
        self.stderr: IO[str] = sys.stderr

    @property
    def stdout_is_terminal(self) -> bool:
        return self.stdout.isatty()

    @property
    def stderr_is_terminal(self) -> bool:
        return self.stderr.isatty()

    def error(self, message: str) -> None:
        click.secho(f"sora-meta: error: {message}", file=self.stderr, fg="red", err=True)

    def warn(self, message: str) -> None:
        click.secho(f"sora-meta: warning: {message}", file=self.stderr, fg="yellow", err=True)


def input_options(func: F) -> F:
    """Options shared by every command that reads a corpus."""
    decorators = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option(
            "--lang-detector",
            type=click.Choice(LANG_DETECTORS),
            default="fasttext",
            envvar="SORA_META_LANG_DETECTOR",
            show_default=True,
            help="Language identifier (langdetect is seeded, lingua needs the lingua extra).",
        ),
        click.option(
            "--companies",
            "companies_file",
            type=click.Path(dir_okay=False),
            help="CSV of extra companies (name, aliases, tickers, country) to add to the gazetteer.",
        ),
        click.option(
            "--translator",
            type=click.Choice(TRANSLATORS),
            default="none",
            envvar="SORA_META_TRANSLATOR",
            show_default=True,
            help="Translation provider for sentence_en.",
        ),
        click.option(
            "--strict", is_flag=True, help="Exit 1 when any input was skipped, not only when one failed."
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file warnings."),
        click.option("--debug", is_flag=True, help="Show tracebacks."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _options(kwargs: dict[str, Any]) -> Options:
    return Options(
        lang_detector=kwargs["lang_detector"],
        translator=kwargs["translator"],
        companies_file=kwargs["companies_file"],
        strict=kwargs["strict"],
    )


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and an exit code; tracebacks only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        env = Env()
        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            if kwargs.get("debug"):
                traceback.print_exc()
            env.error(str(exc))
            sys.exit(ExitStatus.USAGE)
        except SoraMetaError as exc:
            if kwargs.get("debug"):
                traceback.print_exc()
            env.error(str(exc))
            sys.exit(ExitStatus.INPUT_FAILED)
        except KeyboardInterrupt:
            env.error("interrupted")
            sys.exit(ExitStatus.INTERRUPTED)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _progress(env: Env, quiet: bool) -> Iterator[Callable[[DocResult], None]]:
    """A callback per finished document: a progress line on a terminal, per-file problems always."""

    def report(result: DocResult) -> None:
        doc = result.document
        if quiet or doc["status"] == "ok":
            return
        message = f"{doc['path']}: {doc['reason'] or doc['status']}"
        if doc["status"] == "error":
            env.error(message)
        elif doc["status"] == "skipped":
            env.warn(f"skipped {message}")

    if quiet or not env.stderr_is_terminal:
        yield report
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=env.stderr)
    with Progress(
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("documents", total=None)

        def report_and_advance(result: DocResult) -> None:
            progress.advance(task)
            report(result)

        yield report_and_advance


def _run(env: Env, kwargs: dict[str, Any]) -> Analysis:
    from .pipeline import analyze

    with _progress(env, kwargs["quiet"]) as on_document:
        return analyze(list(kwargs["paths"]), _options(kwargs), on_document=on_document)


def exit_status(analysis: Analysis, strict: bool) -> ExitStatus:
    """1 when an input failed (with strict, also when one was skipped), else 0."""
    statuses = set(analysis.documents["status"])
    if "error" in statuses or (strict and "skipped" in statuses):
        return ExitStatus.INPUT_FAILED
    return ExitStatus.OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sora-meta")
def cli() -> None:
    """Find who, how much and when in a folder of news articles in any mix of languages.

    \b
    Example:
        sora-meta summarize seeds/
    """


@cli.command()
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "table", "text", "markdown", "json"]),
    default="auto",
    show_default=True,
    help="auto: tables on a terminal, plain text when piped.",
)
@handle_errors
def summarize(fmt: str, **kwargs: Any) -> None:
    """Summarise a corpus: documents, languages, companies, key figures, timeline.

    \b
    Example:
        sora-meta summarize seeds/ --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from .analysis import corpus_view
    from .render import render

    env = Env()
    analysis = _run(env, kwargs)
    render(corpus_view(analysis), fmt, env.stdout, env.stdout_is_terminal)
    sys.exit(exit_status(analysis, kwargs["strict"]))


@cli.command()
@input_options
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the claim table here (else stdout)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "json", "parquet"]),
    help="Output format (default: from the file extension; CSV on stdout).",
)
@click.option(
    "--documents",
    "documents_out",
    type=click.Path(dir_okay=False),
    help="Also write the documents table here (format from its extension).",
)
@handle_errors
def claims(output: str | None, fmt: str | None, documents_out: str | None, **kwargs: Any) -> None:
    """Extract the claim table: one row per figure, or per company + date event.

    \b
    Example:
        sora-meta claims seeds/ -o claims.csv --documents documents.csv
    """
    from .export import format_for, write_stream, write_table

    env = Env()
    _refuse_overwriting_inputs(kwargs["paths"], output, documents_out)
    out_fmt = format_for(output, fmt) if output else (fmt or "csv")
    doc_fmt = format_for(documents_out) if documents_out else None
    analysis = _run(env, kwargs)
    if output:
        write_table(analysis.claims, output, out_fmt)
    else:
        write_stream(analysis.claims, env.stdout, out_fmt)
    if documents_out:
        write_table(analysis.documents, documents_out, doc_fmt)
    sys.exit(exit_status(analysis, kwargs["strict"]))


def _refuse_overwriting_inputs(paths: tuple[str, ...], *outputs: str | None) -> None:
    inputs = {os.path.realpath(p) for p in paths if p != "-" and os.path.isfile(p)}
    for out in outputs:
        if out and os.path.realpath(out) in inputs:
            raise UsageError(f"{out}: refusing to overwrite an input file")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="sora-meta")
