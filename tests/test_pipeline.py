"""The corpus run: order, callbacks, chunking and the serial engine (`sora_meta.pipeline`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sora_meta import pipeline
from sora_meta.models import Options
from sora_meta.pipeline import analyze, iter_results, jobs_for

SERIAL = Options(jobs=1, use_cache=False)


@pytest.fixture()
def corpus(seeds: Path, tmp_path: Path) -> Path:
    """The seeds three times over in sub-folders, plus an empty file and a binary one."""
    root = tmp_path / "corpus"
    for name in ("a", "b", "c"):
        shutil.copytree(seeds, root / name)
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "c" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return root


def test_jobs_default_to_the_cores_this_process_may_use() -> None:
    assert jobs_for(Options(jobs=3)) == 3
    assert jobs_for(Options()) >= 1


def test_results_come_in_input_order_with_one_callback_each(corpus: Path) -> None:
    seen: list[str] = []
    results = list(iter_results([corpus], SERIAL, on_document=lambda r: seen.append(r.document["doc_id"])))
    ids = [r.document["doc_id"] for r in results]
    assert ids == seen
    assert ids == sorted(ids)
    assert len(ids) == 17
    statuses = {r.document["doc_id"]: r.document["status"] for r in results}
    assert statuses["b/empty.txt"] == "empty"
    assert statuses["c/image.png"] == "skipped"


def test_small_chunks_give_the_same_tables(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = analyze(corpus, SERIAL)
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 2)
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 1000)
    chunked = analyze(corpus, SERIAL)
    assert chunked.claims.equals(whole.claims)
    assert chunked.documents.equals(whole.documents)


def test_unreadable_and_missing_inputs_are_rows(tmp_path: Path) -> None:
    result = analyze([tmp_path / "nope.txt"], SERIAL)
    assert list(result.documents["status"]) == ["error"]
    assert list(result.documents["reason"]) == ["no such file or directory"]
    assert result.claims.empty


def test_the_seeds_give_the_golden_rows_in_every_engine_setting(seeds: Path) -> None:
    """Chunking and the first-chunk-here rule of the pool engine change nothing on the seeds."""
    serial = analyze(seeds, SERIAL)
    pooled = analyze(seeds, Options(jobs=2, use_cache=False))
    assert pooled.claims.equals(serial.claims)
    assert pooled.documents.equals(serial.documents)
    assert len(serial.claims) > 40


def test_stdin_is_read_once(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = (seeds / "000_260d7667f8a8cf0d.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = analyze(["-"], SERIAL)
    assert list(result.documents["doc_id"]) == ["<stdin>"]
    assert len(result.claims) > 0


def test_a_document_over_its_time_budget_becomes_an_error_row(tmp_path: Path) -> None:
    """A pathological document cannot hold up the run: it is an `error` row, the others are kept."""
    import time as _time

    from sora_meta import pipeline
    from sora_meta.models import Options

    (tmp_path / "a_slow.txt").write_text("Nvidia revenue rose 94% to $35.1 billion.\n", encoding="utf-8")
    (tmp_path / "b_fine.txt").write_text("Apple sold 5 million phones in 2024.\n", encoding="utf-8")
    real = pipeline.segment

    def slow_for_a(doc, detector):  # type: ignore[no-untyped-def]
        if doc.doc_id == "a_slow.txt":
            _time.sleep(5)
        return real(doc, detector)

    pipeline.segment = slow_for_a  # type: ignore[assignment]
    try:
        started = _time.monotonic()
        result = pipeline.analyze([tmp_path], Options(time_budget=0.5, jobs=1))
        elapsed = _time.monotonic() - started
    finally:
        pipeline.segment = real  # type: ignore[assignment]
    docs = result.documents.set_index("doc_id")
    assert docs.loc["a_slow.txt", "status"] == "error"
    assert docs.loc["a_slow.txt", "reason"].startswith("took longer than its time budget (0.5 s")
    assert docs.loc["b_fine.txt", "status"] == "ok"
    assert set(result.claims["doc_id"]) == {"b_fine.txt"}
    assert elapsed < 4
