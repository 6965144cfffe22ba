"""The cache folder every cache of sora-meta lives in (translations, results, compiled patterns)."""

from __future__ import annotations

import os


def default_cache_dir() -> str:
    """`$SORA_META_CACHE_DIR`, else the user cache directory for sora-meta (`~/.cache/sora-meta` on Linux)."""
    env = os.environ.get("SORA_META_CACHE_DIR")
    if env:
        return env
    import platformdirs

    return platformdirs.user_cache_dir("sora-meta")
