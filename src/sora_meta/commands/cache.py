"""`sora-meta cache`: look at or empty the translation cache."""

from __future__ import annotations

import json
from typing import Any

import click

from ..cli import Env, cli, handle_errors

_cache_dir = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    envvar="SORA_META_CACHE_DIR",
    help="The cache folder (default: the user cache directory).",
)
_debug = click.option("--debug", is_flag=True, help="Show tracebacks.")


@cli.group()
def cache() -> None:
    """Show or clear the translation cache (translations.sqlite3 in the cache folder).

    \b
    Example:
        sora-meta cache info
    """


@cache.command()
@_cache_dir
@click.option("--json", "as_json", is_flag=True, help="Print the facts as one JSON object.")
@_debug
@handle_errors
def info(cache_dir: str | None, as_json: bool, **kwargs: Any) -> None:
    """Where the translation cache is, its size, and its entries per provider.

    \b
    Example:
        sora-meta cache info --json
    """
    from ..translate.cache import TranslationCache

    env = Env()
    with TranslationCache(cache_dir, warn=env.warn) as store:
        facts = store.info()
    if as_json:
        click.echo(json.dumps(facts, sort_keys=True), file=env.stdout)
        return
    providers: dict[str, int] = facts["providers"]  # type: ignore[assignment]
    lines = [
        f"path:    {facts['path']}{'' if facts['exists'] else ' (not created yet)'}",
        f"size:    {_size(int(facts['bytes']))}",  # type: ignore[call-overload]
        f"entries: {facts['entries']}",
    ]
    lines += [f"  {name}: {count}" for name, count in providers.items()]
    click.echo("\n".join(lines), file=env.stdout)


@cache.command()
@_cache_dir
@click.option("--provider", help="Remove only this provider's entries.")
@_debug
@handle_errors
def clear(cache_dir: str | None, provider: str | None, **kwargs: Any) -> None:
    """Remove cached translations (other files in the cache folder are left alone).

    \b
    Example:
        sora-meta cache clear --provider google
    """
    from ..translate.cache import TranslationCache

    env = Env()
    with TranslationCache(cache_dir, warn=env.warn) as store:
        removed = store.clear(provider)
        where = store.path
    what = f"{provider} translations" if provider else "translations"
    click.echo(f"removed {removed} {what} from {where}", file=env.stdout)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"
