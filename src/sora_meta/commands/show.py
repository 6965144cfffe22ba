"""`sora-meta show`: one claim in its context, to check a row by eye."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..cli import Env, cli, exit_status, handle_errors, input_options, run_analysis, writing_to
from ..errors import UsageError


@cli.command()
@click.argument("claim_id", metavar="CLAIM_ID")
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "json"]),
    default="auto",
    show_default=True,
    help="auto: highlighted on a terminal, plain text (figure [[…]], date {{…}}) when piped.",
)
@handle_errors
def show(claim_id: str, fmt: str, **kwargs: Any) -> None:
    """Show one claim: its sentence in its paragraph, figure and date marked, and every field.

    CLAIM_ID is a claim_id of `sora-meta claims` (or a unique prefix of 6+ characters).

    \b
    Example:
        sora-meta show bcebd73e9909ada6 seeds/
    """
    from ..show import MIN_PREFIX, claim_context, render_claim

    if len(claim_id.strip()) < MIN_PREFIX:
        raise UsageError(
            f"claim id {claim_id!r} is too short: give the whole id or at least {MIN_PREFIX} characters"
        )
    env = Env()
    analysis = run_analysis(env, kwargs)
    context = claim_context(analysis, claim_id, list(kwargs["paths"]))
    with writing_to(env.stdout) as out:
        render_claim(context, fmt, out, env.stdout_is_terminal)
    sys.exit(exit_status(analysis, kwargs["strict"]))
