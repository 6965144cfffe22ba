"""`sora-meta summarize`: the corpus in a minute."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..cli import Env, cli, exit_status, handle_errors, input_options, run_analysis


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
    from ..analysis import corpus_view
    from ..render import render

    env = Env()
    analysis = run_analysis(env, kwargs)
    render(corpus_view(analysis), fmt, env.stdout, env.stdout_is_terminal)
    sys.exit(exit_status(analysis, kwargs["strict"]))
