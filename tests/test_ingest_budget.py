"""`--time-budget` covers reading a file (decoding, HTML, furniture, repeats), not only extraction."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sora_meta import pipeline
from sora_meta.models import Document, Options


def _slow_reader(seconds: float) -> object:
    def read_bytes(data: bytes, doc_id: str, path: str, fmt: str) -> Iterator[Document]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:  # a reader stuck in Python code (an HTML extractor, say)
            sum(range(1000))
        yield Document(doc_id, path, format=fmt, text="Body.")

    return read_bytes


@pytest.mark.skipif(not hasattr(pipeline.signal, "setitimer"), reason="budgets need SIGALRM")
def test_budget_covers_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "read_bytes", _slow_reader(5.0))
    task = pipeline.Task("slow.html", "slow.html", "html", b"<p>x</p>")
    started = time.monotonic()
    results = pipeline.process_task(task, Options(time_budget=0.5))
    assert time.monotonic() - started < 3.0
    assert len(results) == 1
    row = results[0].document
    assert row["status"] == "error"
    assert row["reason"].startswith(pipeline.OVER_BUDGET)
    assert results[0].claims == []


@pytest.mark.skipif(not hasattr(pipeline.signal, "setitimer"), reason="budgets need SIGALRM")
def test_reading_time_counts_against_the_document_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """0.3 s of reading and 0.3 s of segmenting are over a 0.5 s budget, though neither is alone."""
    real = pipeline.segment

    def slow_segment(doc: Document, detector: str) -> Document:
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:
            sum(range(1000))
        return real(doc, detector)

    monkeypatch.setattr(pipeline, "read_bytes", _slow_reader(0.3))
    monkeypatch.setattr(pipeline, "segment", slow_segment)
    task = pipeline.Task("a.txt", "a.txt", "text", b"x")
    (over,) = pipeline.process_task(task, Options(time_budget=0.5))
    assert over.document["status"] == "error"
    assert over.document["reason"] == "took longer than its time budget (0.5 s; --time-budget)"
    (within,) = pipeline.process_task(task, Options(time_budget=5))
    assert (within.document["status"], within.document["reason"]) == ("ok", "")


def test_a_fast_file_is_read_as_before() -> None:
    task = pipeline.Task(
        "a.txt", "a.txt", "text", b"Title\n\nAcme Corp said revenue rose 5% to $2 billion.\n"
    )
    results = pipeline.process_task(task, Options(time_budget=0))
    assert [(r.document["status"], r.document["reason"]) for r in results] == [("ok", "")]
    assert results[0].claims


@pytest.mark.skipif(not hasattr(pipeline.signal, "setitimer"), reason="budgets need SIGALRM")
def test_a_run_leaves_the_alarm_as_it_found_it() -> None:
    import signal

    def mine(signum: int, frame: object) -> None:
        raise AssertionError("no alarm expected")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        task = pipeline.Task("a.txt", "a.txt", "text", b"Acme Corp said revenue rose 5% to $2 billion.\n")
        (result,) = pipeline.process_task(task, Options(time_budget=30))
        assert result.document["status"] == "ok"
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)
