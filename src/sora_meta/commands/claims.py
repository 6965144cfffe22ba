"""`sora-meta claims`: the claim table (and the documents table) as files."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..cli import Env, cli, exit_status, handle_errors, input_options, run_analysis
from ..errors import UsageError


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
    from ..export import format_for, write_stream, write_table

    env = Env()
    _refuse_overwriting_inputs(kwargs["paths"], output, documents_out)
    out_fmt = format_for(output, fmt) if output else (fmt or "csv")
    doc_fmt = format_for(documents_out) if documents_out else None
    analysis = run_analysis(env, kwargs)
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
