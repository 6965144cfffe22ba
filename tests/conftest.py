"""Shared fixtures: the seed corpus and a mixed folder of awkward inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

GBK_TEXT = (
    "腾讯控股今日公布第三季度业绩，营收达到1546亿元，同比增长10%。\n分析师认为，游戏业务仍是主要增长动力。\n"
)
CP1252_TEXT = "Café owners in Zürich paid €2.5 million – “a record”, said Nestlé on Monday.\n"
UTF16_TEXT = (
    "Samsung Electronics said operating profit rose 274% to 10.4 trillion won in the third quarter.\n"
)


@pytest.fixture()
def seeds() -> Path:
    return SEEDS


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    """GBK, UTF-16, cp1252, a binary, an empty file and JSON Lines with one broken line."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "gbk.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (folder / "utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))
    (folder / "cp1252.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    records = [
        {
            "title": "Nvidia results",
            "text": "Nvidia said revenue rose 94% to $35.1 billion.",
            "date": "2024-11-20",
        },
        {"title": "Alibaba", "text": "Alibaba reported revenue of 236.5 billion yuan.", "date": "2024-11-15"},
    ]
    lines = [json.dumps(records[0]), '{"title": "broken", "text": ', json.dumps(records[1])]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test caches results (and translations) in a fresh folder, never in the user's cache.

    XDG_CACHE_HOME too, for tests that unset SORA_META_CACHE_DIR to exercise the default location.
    """
    monkeypatch.setenv("SORA_META_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(autouse=True)
def _no_internet_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the internet: the default translator is off unless a test picks one."""
    monkeypatch.setenv("SORA_META_TRANSLATOR", "none")
