"""`sora-meta report`: the corpus as one self-contained HTML page."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..cli import RUN, Env, check_outputs, cli, exit_status, handle_errors, input_options, run_analysis


@cli.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="report.html",
    show_default=True,
    help="Write the page here (replaced atomically).",
)
@handle_errors
def report(output: str, **kwargs: Any) -> None:
    """Write an HTML report: charts, key figures, agreements, conflicts, every claim in context.

    The page is self-contained (styles, script and SVG charts inline) and opens offline.

    \b
    Example:
        sora-meta report seeds/ -o report.html
    """
    from ..export import check_output_folder
    from ..report import build_report, write_report
    from ..show import paragraphs_of

    env = Env()
    kwargs["outputs"] = check_outputs(kwargs["paths"], [("-o", output, "report")])
    check_output_folder(output)  # before the corpus is read, not after
    written = False

    def note() -> str:
        if written:
            return f"{output} written"
        if os.path.exists(output):
            return f"{output} not written (the previous file is unchanged)"
        return f"{output} not written"

    RUN.notes.append(note)
    analysis = run_analysis(env, kwargs)
    paragraphs = paragraphs_of(
        analysis.claims, [p for p in kwargs["paths"] if p != "-"]
    )  # stdin is read once
    write_report(build_report(analysis, paragraphs=paragraphs), output)
    written = True
    if not kwargs["quiet"]:
        env.note(f"wrote {output}")
    sys.exit(exit_status(analysis, kwargs["strict"]))
