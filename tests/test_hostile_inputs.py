"""A folder of hostile inputs: every run finishes, prints no traceback, and accounts for every file."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta.cli import cli

ARTICLE = "Nvidia said revenue rose 94% to $35.1 billion in the third quarter of 2024.\n"


def build_hostile_folder(root: Path) -> dict[str, tuple[str, str]]:
    """Write the inputs; return doc_id -> (expected status, expected reason prefix)."""
    expected: dict[str, tuple[str, str]] = {}

    def put(name: str, data: bytes, status: str, reason: str = "") -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = (status, reason)

    put("empty.txt", b"", "empty", "empty file")
    put("blank.txt", b"  \n\t\n   \n", "empty", "empty file")
    put("nul.txt", b"abc\x00\x00\x01\x02def" * 50, "skipped", "binary file")
    put("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "skipped", "unsupported format .jpg")
    truncated = ("Alibaba reported revenue of 236.5 billion yuan. 阿里巴巴营收").encode()[:-1]
    put("truncated.txt", truncated, "ok", "truncated UTF-8")
    put("gbk.txt", "腾讯第三季度营收1546亿元，同比增长10%。\n".encode("gbk") * 20, "ok")
    put("one_line.txt", (ARTICLE.strip() + " ").encode() * 40000, "ok")  # ~3 MB, no line break
    put("deep/" + "/".join(f"d{i}" for i in range(30)) + "/a.txt", ARTICLE.encode(), "ok")
    put(
        "feed.jsonl",
        b'{"text": "Apple sold 5 million phones."}\n{broken\n{"title": "no text"}\n',
        "ok",
    )
    expected.pop("feed.jsonl")
    expected["feed.jsonl#1"] = ("ok", "")
    expected["feed.jsonl#2"] = ("skipped", "line 2: invalid JSON")
    expected["feed.jsonl#3"] = ("empty", "record has no text field")
    put(
        "page.html",
        b"<html><head><title>Sony results</title><script>var x = '$5 billion';</script></head>"
        b"<body><article><p>Sony said profit rose 12% to 300 billion yen.</p>"
        b"<script>alert('$9 trillion')</script></article></body></html>",
        "ok",
    )
    put("huge_number.txt", b"Revenue was $" + b"9" * 20000 + b" last year.\n", "ok")
    put("separators.txt", b"1" + b",000" * 30000 + b" " + b"." * 50000 + b"\n", "ok")
    put("currency_run.txt", ("$" * 50000 + " US$ " * 20000 + "Rp " * 20000).encode(), "ok")
    put("qualifiers.txt", ("more than " * 20000 + "lebih dari " * 10000 + "超过" * 10000).encode(), "ok")
    put("date_bits.txt", ("12/" * 30000 + " Maret " * 10000 + "2024年" * 10000).encode(), "ok")
    return expected


@pytest.fixture()
def hostile(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    root = tmp_path / "hostile"
    root.mkdir()
    expected = build_hostile_folder(root)
    (root / "folder.txt").mkdir()  # a folder named like a file: not an input, not an error
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expected["dangling.txt"] = ("error", "broken symbolic link")
    (root / "loop").mkdir()
    (root / "loop" / "back").symlink_to(root, target_is_directory=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.txt")  # opening it for reading would block forever
        expected["pipe.txt"] = ("skipped", "not a regular file")
    return root, expected


def test_hostile_folder_finishes_and_accounts_for_every_file(
    hostile: tuple[Path, dict[str, tuple[str, str]]], tmp_path: Path
) -> None:
    root, expected = hostile
    started = time.monotonic()
    result = CliRunner().invoke(
        cli, ["claims", str(root), "-o", str(tmp_path / "c.jsonl"), "--documents", str(tmp_path / "d.jsonl")]
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.stderr  # the dangling link is an error
    docs = {
        d["doc_id"]: d
        for d in map(json.loads, (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines())
    }
    for doc_id, (status, reason) in expected.items():
        assert doc_id in docs, f"{doc_id} missing from the documents table"
        assert docs[doc_id]["status"] == status, (doc_id, docs[doc_id]["reason"])
        assert docs[doc_id]["reason"].startswith(reason), (doc_id, docs[doc_id]["reason"])
    claims = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    figures = {(c["doc_id"], c["figure"]) for c in claims}
    # Good parts of every readable input are kept, whatever the encoding.
    assert ("gbk.txt", "1546亿元") in figures
    assert ("page.html", "12%") in figures
    assert not any(
        c["doc_id"] == "page.html" and "trillion" in c["figure"] for c in claims
    )  # scripts dropped
    assert ("feed.jsonl#1", "5 million phones") in figures or any(
        c["doc_id"] == "feed.jsonl#1" and c["value"] == 5e6 for c in claims
    )
    assert any(c["doc_id"].startswith("deep/") and c["unit"] == "%" for c in claims)
    assert elapsed < 120, f"hostile folder took {elapsed:.0f} s"


def test_summarize_on_hostile_folder_exits_1_without_traceback(
    hostile: tuple[Path, dict[str, tuple[str, str]]],
) -> None:
    root, _ = hostile
    result = CliRunner().invoke(cli, ["summarize", str(root), "--format", "json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "broken symbolic link" in result.stderr
    view = json.loads(result.stdout)
    assert len(view["documents"]) >= 19
