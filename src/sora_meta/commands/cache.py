"""`sora-meta cache`: look at or empty the caches sora-meta keeps (translations, results, patterns)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..cli import Env, cli, handle_errors
from ..errors import OutputError, UsageError
from ..translate.registry import PROVIDER_NAMES

CACHES = ("translations", "results", "patterns")

_cache_dir = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    envvar="SORA_META_CACHE_DIR",
    help="The cache folder (default: the user cache directory).",
)
_debug = click.option("--debug", is_flag=True, help="Show tracebacks.")


@cli.group()
def cache() -> None:
    """Show or clear the caches in the cache folder: translations, results and compiled patterns.

    \b
    Example:
        sora-meta cache info
    """


def _folder(cache_dir: str | None) -> Path:
    from ..cachedir import default_cache_dir

    return Path(cache_dir or default_cache_dir())


def cache_facts(folder: Path, warn: Any = None) -> dict[str, Any]:
    """What `cache info --json` prints: each cache's path, size and entries, and the total size."""
    from .. import regexcache, resultcache
    from ..translate.cache import TranslationCache

    with TranslationCache(folder, warn=warn) as store:
        translations = store.info()
    facts: dict[str, Any] = {
        "folder": str(folder),
        "translations": translations,
        "results": resultcache.cache_info(folder),
        "patterns": regexcache.cache_info(folder),
    }
    facts["bytes"] = sum(int(facts[name]["bytes"]) for name in CACHES)
    return facts


@cache.command()
@_cache_dir
@click.option("--json", "as_json", is_flag=True, help="Print the facts as one JSON object.")
@_debug
@handle_errors
def info(cache_dir: str | None, as_json: bool, **kwargs: Any) -> None:
    """Where each cache is, its size on disk and its entries (translations per provider and server).

    \b
    Example:
        sora-meta cache info --json
    """
    env = Env()
    facts = cache_facts(_folder(cache_dir), warn=env.warn)
    if as_json:
        click.echo(json.dumps(facts, sort_keys=True), file=env.stdout)
        return
    tr, results, patterns = facts["translations"], facts["results"], facts["patterns"]
    lines = [f"folder:       {facts['folder']}"]
    lines.append(f"translations: {_summary(tr, 'entries')}")
    for name, count in tr["providers"].items():
        lines.append(f"  {name}: {count}")
        lines += [f"    {server}: {n}" for server, n in tr["servers"].get(name, {}).items()]
    lines.append(f"results:      {_summary(results, 'entries')}")
    if results.get("problem"):
        lines.append(f"  unreadable ({results['problem']}); the next run sets it aside")
    lines.append(f"patterns:     {_summary(patterns, 'files')}")
    lines += [f"  {build}: {n}" for build, n in patterns["builds"].items()]
    lines.append(f"total:        {_size(int(facts['bytes']))}")
    click.echo("\n".join(lines), file=env.stdout)


def _summary(facts: dict[str, Any], unit: str) -> str:
    where = facts["path"]
    if not facts["exists"]:
        return f"0 {unit}, {where} (not created yet)"
    return f"{facts['entries']} {unit}, {_size(int(facts['bytes']))}, {where}"


@cache.command()
@click.argument("what", nargs=-1, type=click.Choice(["all", *CACHES]))
@_cache_dir
@click.option(
    "--provider",
    type=click.Choice(PROVIDER_NAMES),
    help="Remove only this provider's translations (from every server).",
)
@_debug
@handle_errors
def clear(what: tuple[str, ...], cache_dir: str | None, provider: str | None, **kwargs: Any) -> None:
    """Empty the caches named (translations, results, patterns; none or `all`: every one).

    Other files in the cache folder, such as set-aside `*.corrupt-*` files, are left alone.

    \b
    Examples:
        sora-meta cache clear results
        sora-meta cache clear --provider google
    """
    from .. import regexcache, resultcache
    from ..translate.cache import TranslationCache

    chosen = set(CACHES) if not what or "all" in what else set(what)
    if provider:
        if what and chosen != {"translations"}:
            raise UsageError(
                "--provider clears translations only: use `cache clear translations --provider NAME`"
            )
        chosen = {"translations"}
    env = Env()
    folder = _folder(cache_dir)
    lines = []
    for name in CACHES:
        if name not in chosen:
            continue
        try:
            if name == "translations":
                with TranslationCache(folder, warn=env.warn) as store:
                    removed, where = store.clear(provider), store.path
                label = f"{provider} translations" if provider else "translations"
            elif name == "results":
                removed, where = resultcache.clear(folder), folder / resultcache.FILE_NAME
                label = "results"
            else:
                removed, where = regexcache.clear(folder), folder / "patterns"
                label = "compiled patterns"
        except OSError as exc:
            raise OutputError(f"cannot clear the {name} cache in {folder}: {exc.strerror or exc}") from None
        lines.append(f"removed {removed} {label} from {where}")
    click.echo("\n".join(lines), file=env.stdout)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"
