"""`sora-meta summarize`: the corpus in a minute."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..cli import Env, cli, exit_status, handle_errors, input_options, run_analysis, writing_to
from ..errors import ExitStatus


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
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(["conflicts", "errors", "untranslated"]),
    multiple=True,
    help="Exit non-zero when found (repeatable): errors → 1, conflicts → 3, untranslated → 4.",
)
@click.option(
    "--convert-to",
    metavar="CURRENCY",
    help="Also show money figures in this currency (e.g. USD) at dated ECB reference rates.",
)
@handle_errors
def summarize(fmt: str, fail_on: tuple[str, ...], convert_to: str | None, **kwargs: Any) -> None:
    """Summarise a corpus: documents, languages, companies, key figures, timeline, agreement.

    \b
    Example:
        sora-meta summarize seeds/ --format markdown --fail-on conflicts >> "$GITHUB_STEP_SUMMARY"
    """
    from ..analysis import corpus_view, gate
    from ..render import render

    env = Env()
    if convert_to:
        from ..fx import check_currency

        convert_to = check_currency(convert_to)  # a usage error before the corpus is read
    analysis = run_analysis(env, kwargs)
    view = corpus_view(analysis, convert_to=convert_to)
    with writing_to(env.stdout) as out:
        render(view, fmt, out, env.stdout_is_terminal)
    status = exit_status(analysis, kwargs["strict"])
    failed = gate(view, fail_on)
    for check, why in failed.items():
        env.error(f"--fail-on {check}: {why}")
    if status == ExitStatus.OK and failed:
        if "errors" in failed:
            status = ExitStatus.INPUT_FAILED
        elif "conflicts" in failed:
            status = ExitStatus.CONFLICTS_FOUND
        else:
            status = ExitStatus.UNTRANSLATED
    sys.exit(status)
