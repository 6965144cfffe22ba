"""Every language folder loads against the schema, and docs/languages.md describes the folders there are."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sora_meta.lang import registry
from sora_meta.lang.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "languages.md"
FOLDERS = sorted(
    p.name for p in (ROOT / "src" / "sora_meta" / "lang").iterdir() if re.fullmatch(r"[a-z]{2,3}", p.name)
)


@pytest.mark.parametrize("lang", FOLDERS)
def test_every_table_of_every_folder_loads(lang: str) -> None:
    fresh = registry.Registry(registry.REGISTRY.root, "sora_meta.lang")
    assert lang in fresh.supported()
    for kind in TABLES:
        assert fresh.table(kind, lang), f"{lang}/{kind}.json is empty"


def test_the_page_lists_exactly_the_folders() -> None:
    listed = re.findall(r"^\| ([a-z]{2,3}) \| [A-Z][a-z]+ \|", PAGE.read_text(encoding="utf-8"), re.M)
    assert sorted(listed) == FOLDERS
    assert len(FOLDERS) >= 18


def test_the_schema_on_the_page_is_the_code_s() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "languages_doc.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
