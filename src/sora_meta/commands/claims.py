"""`sora-meta claims`: the claim table (and the documents table) as files."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Generator
from typing import Any

import click

from ..cli import (
    RUN,
    Env,
    _progress,
    check_outputs,
    cli,
    handle_errors,
    input_options,
    options_from,
    translation_progress,
)
from ..errors import ExitStatus, UsageError


@cli.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Write the claim table here (`-` or none: stdout); a folder (`out/`) gets a Parquet dataset.",
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
    type=click.Path(),
    help="Also write the documents table here (format from its extension; a folder: Parquet).",
)
@click.option(
    "--mentions",
    "mentions_out",
    type=click.Path(),
    help="Also write the mentions table here: every company, figure and date found (format as --documents).",
)
@click.option(
    "--no-excel-safe",
    "excel_unsafe",
    is_flag=True,
    help="CSV: write cells a spreadsheet could run as a formula as they are (by default: a leading ').",
)
@handle_errors
def claims(
    output: str | None,
    fmt: str | None,
    documents_out: str | None,
    mentions_out: str | None,
    excel_unsafe: bool,
    **kwargs: Any,
) -> None:
    """Extract the claim table: one row per figure, or per company + date event.

    \b
    Example:
        sora-meta claims seeds/ -o claims.csv --documents documents.csv --mentions mentions.csv
    """
    from ..export import format_for

    env = Env()
    output, documents_out, mentions_out = _stdout_once(output, documents_out, mentions_out)
    kwargs["outputs"] = check_outputs(
        kwargs["paths"],
        [
            ("-o", output, "claims table"),
            ("--documents", documents_out, "documents table"),
            ("--mentions", mentions_out, "mentions table"),
        ],
    )
    out_fmt = format_for(output, fmt) if output else (fmt or "csv")
    doc_fmt = (format_for(documents_out) if documents_out != STDOUT else "csv") if documents_out else None
    statuses = stream_claims(
        env, kwargs, output, out_fmt, documents_out, doc_fmt, safe=not excel_unsafe, mentions_out=mentions_out
    )
    failed = "error" in statuses or (
        kwargs["strict"] and ("skipped" in statuses or "translation-failed" in statuses)
    )
    sys.exit(ExitStatus.INPUT_FAILED if failed else ExitStatus.OK)


STDOUT = "-"


def _stdout_once(
    output: str | None, documents_out: str | None, mentions_out: str | None
) -> tuple[str | None, str | None, str | None]:
    """`-` means standard output (`-o -` is the default); only one table may go there.

    The claims table goes to standard output unless `-o FILE`; `--documents -` or `--mentions -`
    then needs `-o FILE`, and the two cannot both be `-`.
    """
    if output == STDOUT:
        output = None
    on_stdout = [
        name
        for name, path in (("--documents", documents_out), ("--mentions", mentions_out))
        if path == STDOUT
    ]
    if on_stdout and output is None:
        raise UsageError(
            f"{on_stdout[0]} -: standard output already holds the claims table (write it with -o FILE)"
        )
    if len(on_stdout) > 1:
        raise UsageError("--documents - and --mentions -: only one table can go to standard output")
    return output, documents_out, mentions_out


# Rows are translated and written this many at a time (documents, or claim rows, whichever comes first).
CHUNK_DOCUMENTS = 200
CHUNK_CLAIMS = 2000


def stream_claims(
    env: Env,
    kwargs: dict[str, Any],
    output: str | None,
    out_fmt: str,
    documents_out: str | None,
    doc_fmt: str | None,
    *,
    safe: bool = True,
    mentions_out: str | None = None,
) -> set[str]:
    """Run the corpus and write both tables as results come; return the documents' statuses.

    Rows are translated a chunk at a time just before they are written (`translate_rows`); when
    the provider's circuit breaker opens, later chunks are left untranslated rather than retried.
    The statuses include `translation-failed` when some text could not be translated.
    """
    from ..export import TableWriter, format_for
    from ..pipeline import iter_results

    options = options_from(kwargs | {"mentions": mentions_out is not None})
    statuses: set[str] = set()
    translate = options.translator != "none"
    warned: set[str] = set()

    def warn_once(message: str) -> None:
        if message not in warned:
            warned.add(message)
            env.warn(message)

    with contextlib.ExitStack() as stack:
        if output:
            claims_out = stack.enter_context(TableWriter("claims", output, out_fmt, safe=safe))
        else:
            claims_out = stack.enter_context(TableWriter("claims", fmt=out_fmt, stream=env.stdout, safe=safe))
        RUN.notes.append(claims_out.describe)
        docs_out = None
        if documents_out == STDOUT:
            docs_out = stack.enter_context(TableWriter("documents", fmt="csv", stream=env.stdout, safe=safe))
        elif documents_out:
            docs_out = stack.enter_context(TableWriter("documents", documents_out, doc_fmt, safe=safe))
            RUN.notes.append(docs_out.describe)
        mentions_writer = None
        if mentions_out == STDOUT:
            mentions_writer = stack.enter_context(
                TableWriter("mentions", fmt="csv", stream=env.stdout, safe=safe)
            )
        elif mentions_out:
            mentions_writer = stack.enter_context(
                TableWriter("mentions", mentions_out, format_for(mentions_out), safe=safe)
            )
            RUN.notes.append(mentions_writer.describe)
        RUN.paths = list(kwargs["paths"])
        on_document = stack.enter_context(_progress(env, kwargs["quiet"]))
        on_translation = stack.enter_context(translation_progress(env, kwargs["quiet"]))
        documents: list[dict[str, Any]] = []
        claims: list[dict[str, Any]] = []
        mentions: list[dict[str, Any]] = []

        def flush() -> None:
            nonlocal translate
            if translate and (claims or documents):
                from ..translate import translate_rows

                report = translate_rows(
                    claims, documents, options, warn=warn_once, on_progress=on_translation
                )
                if report.failed:
                    statuses.add("translation-failed")
                if report.breaker_open:
                    translate = False  # the provider is down: later chunks keep `none` (as extracted)
            claims_out.write(claims)
            if docs_out is not None:
                docs_out.write(documents)
            if mentions_writer is not None:
                mentions_writer.write(mentions)
            documents.clear()
            claims.clear()
            mentions.clear()

        # Closed first on the way out (an error or Ctrl-C while writing): the worker pool stops
        # before the writers drop their temporary files.
        results = iter_results(kwargs["paths"], options, on_document, warn=env.warn)
        if isinstance(results, Generator):
            stack.callback(results.close)
        for result in results:
            statuses.add(counted_status(result.document))
            documents.append(result.document)
            claims.extend(result.claims)
            if mentions_writer is not None:
                mentions.extend(result.mentions)
            if len(documents) >= CHUNK_DOCUMENTS or len(claims) >= CHUNK_CLAIMS:
                flush()
        flush()
    return statuses


def counted_status(document: dict[str, Any]) -> str:
    """The status `--strict` judges: a file sora-meta wrote (`skipped`, not read) is no lost input."""
    from ..ingest.discover import is_output_reason

    status = str(document["status"])
    return "output" if status == "skipped" and is_output_reason(document["reason"]) else status
