"""Ctrl-C: exit 130, one line saying what was finished, no traceback, no partial output, no orphans.

The runs are real `sora-meta` processes in their own session; the test sends SIGINT to the whole
process group, as a terminal does on Ctrl-C, so pool workers get it too. A run is interrupted
only once it has really started: every tenth input is a `.bin` file, which the run reports as
skipped on stderr in input order, so the test waits for a few of those lines and can then check
that the count of finished documents the run reports is the real one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.commands import claims as claims_command
from sora_meta.export import TableWriter
from sora_meta.models import Options
from sora_meta.pipeline import iter_results

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="process groups and /proc: Linux only"
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DOCUMENTS = 1200  # ~30 s of work on one core: far more than a test waits before Ctrl-C
SKIP_EVERY = 10
INTERRUPTED = re.compile(r"^sora-meta: error: interrupted after (\d+) documents?(?:; (.*))?$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 inputs: copies of the seed articles, and every tenth a `.bin` file (skipped, with a warning)."""
    root = tmp_path_factory.mktemp("interrupt") / "corpus"
    root.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(DOCUMENTS):
        if i % SKIP_EVERY == SKIP_EVERY - 1:
            (root / f"{i:04d}.bin").write_bytes(b"\x00\x01binary")
        else:
            shutil.copyfile(seeds[i % len(seeds)], root / f"{i:04d}.txt")
    return root


def _skipped_in_order(corpus: Path) -> list[str]:
    return sorted(p.name for p in corpus.iterdir() if p.suffix == ".bin")


# -- processes ----------------------------------------------------------------------------------------


def _start_time(pid: int) -> str | None:
    """The kernel's start time of process `pid` (to tell it from a later process with the same id)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else fields[19]  # a zombie is gone for our purposes


def _descendants(pid: int) -> dict[int, str]:
    """Every live process below `pid`, with its start time."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                start = _start_time(child)
                if start is not None:
                    found[child] = start
                    frontier.append(child)
    return found


class Run:
    """A `sora-meta` process in its own session, its stderr read line by line as it comes."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sora_meta", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, like a job in a terminal
        )
        self.lines: list[str] = []
        self.out: list[str] = []
        self._readers = [
            threading.Thread(target=self._read_stderr, daemon=True),
            threading.Thread(target=self._read_stdout, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        with self.proc.stderr:
            for line in self.proc.stderr:
                self.lines.append(line.rstrip("\n"))

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        with self.proc.stdout:
            self.out.append(self.proc.stdout.read())

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, ready: Callable[[], bool], timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if self.proc.poll() is not None:
                pytest.fail(f"the run ended (exit {self.proc.returncode}) before Ctrl-C:\n{self.stderr}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"the run did not get going within {timeout} s:\n{self.stderr}")
            time.sleep(0.02)

    def ctrl_c(self, timeout: float = 60, times: int = 1) -> tuple[int, str]:
        """SIGINT to the whole process group, as a terminal sends it; the exit code and stdout."""
        for i in range(times):
            if i:
                time.sleep(0.1)
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the run did not stop within {timeout} s of Ctrl-C:\n{self.stderr}")
        for reader in self._readers:
            reader.join(timeout=10)
        return self.proc.returncode, "".join(self.out)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        for reader in self._readers:
            reader.join(timeout=10)

    def warnings(self) -> list[str]:
        return [line for line in self.lines if line.startswith("sora-meta: warning: skipped")]


@pytest.fixture()
def runs() -> Iterator[list[Run]]:
    started: list[Run] = []
    yield started
    for run in started:  # a failed test leaves nothing running
        if run.proc.poll() is None:
            run.kill()


def _offline(command: str, corpus: Path, *args: str, cwd: Path) -> Run:
    """`sora-meta COMMAND CORPUS ARGS --translator none --no-cache`, started in `cwd`."""
    return Run(command, str(corpus), *args, "--translator", "none", "--no-cache", cwd=cwd)


def _interrupt_after_some_documents(run: Run, jobs: int) -> tuple[int, str, dict[int, str]]:
    """Wait until documents are coming back (and, with a pool, workers are up), then Ctrl-C."""
    # 40 documents finished (4 skipped ones reported), and with jobs, the pool is up.
    run.wait_for(lambda: len(run.warnings()) >= 4 and (jobs == 1 or len(_descendants(run.proc.pid)) >= jobs))
    workers = _descendants(run.proc.pid)
    code, stdout = run.ctrl_c()
    return code, stdout, workers


def _finished_line(run: Run, corpus: Path) -> tuple[int, str]:
    """The one line saying what was finished; checks that its count is the real one."""
    assert "Traceback" not in run.stderr, run.stderr
    assert "KeyboardInterrupt" not in run.stderr, run.stderr
    matches = [m for m in map(INTERRUPTED.match, run.lines) if m]
    assert len(matches) == 1, run.stderr
    assert all(
        line.startswith("sora-meta: warning: skipped") or INTERRUPTED.match(line) for line in run.lines
    ), run.stderr
    finished = int(matches[0].group(1))
    assert 0 < finished < DOCUMENTS
    # The skipped inputs reported are exactly those among the first `finished` documents.
    warned = [line.rsplit("/", 1)[1].split(":")[0] for line in run.warnings()]
    assert warned == [name for name in _skipped_in_order(corpus) if int(name[:4]) < finished]
    return finished, matches[0].group(2) or ""


def _assert_gone(workers: dict[int, str]) -> None:
    deadline = time.monotonic() + 10
    while True:
        alive = [pid for pid, start in workers.items() if _start_time(pid) == start]
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not alive, f"worker processes left running after Ctrl-C: {alive}"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- claims -o ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jobs", "name"),
    [(1, "out.csv"), (2, "out.jsonl"), (2, "out.parquet")],
)
def test_ctrl_c_leaves_no_output_file(
    corpus: Path, tmp_path: Path, runs: list[Run], jobs: int, name: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    run = _offline("claims", corpus, "-o", name, "--documents", "documents.csv", "-j", str(jobs), cwd=out_dir)
    runs.append(run)
    code, stdout, workers = _interrupt_after_some_documents(run, jobs)
    assert code == 130, run.stderr
    _, notes = _finished_line(run, corpus)
    assert notes == f"{name} not written; documents.csv not written"
    assert stdout == ""
    assert sorted(p.name for p in out_dir.iterdir()) == []  # no output, no temporary file
    _assert_gone(workers)


@pytest.mark.parametrize(("jobs", "name"), [(2, "out.csv"), (1, "out.parquet")])
def test_ctrl_c_keeps_the_previous_output_byte_for_byte(
    corpus: Path, tmp_path: Path, runs: list[Run], jobs: int, name: str
) -> None:
    previous = b"claim_id,figure\nfeedbeef,$1 billion\n"
    (tmp_path / name).write_bytes(previous)
    run = _offline("claims", corpus, "-o", name, "-j", str(jobs), cwd=tmp_path)
    runs.append(run)
    code, _, workers = _interrupt_after_some_documents(run, jobs)
    assert code == 130, run.stderr
    _, notes = _finished_line(run, corpus)
    assert notes == f"{name} not written (the previous file is unchanged)"
    assert (tmp_path / name).read_bytes() == previous
    assert _leftovers(tmp_path) == []
    _assert_gone(workers)


def test_ctrl_c_with_rows_on_standard_output_says_how_many_were_written(
    corpus: Path, tmp_path: Path, runs: list[Run]
) -> None:
    run = _offline("claims", corpus, "--format", "jsonl", "-j", "1", cwd=tmp_path)
    runs.append(run)
    # The first chunk of rows goes out after 200 documents (20 skipped ones reported).
    run.wait_for(lambda: len(run.warnings()) >= 21)
    code, stdout = run.ctrl_c()
    assert code == 130, run.stderr
    finished, notes = _finished_line(run, corpus)
    assert finished >= 200
    rows = stdout.splitlines()
    assert notes == f"{len(rows):,} claim rows written to standard output"
    assert rows and all(row.startswith('{"claim_id":') for row in rows)


def test_a_second_ctrl_c_stops_at_once_and_still_leaves_nothing(
    corpus: Path, tmp_path: Path, runs: list[Run]
) -> None:
    """The first Ctrl-C waits for the chunks the workers are on; the second does not wait."""
    run = _offline("claims", corpus, "-o", "out.csv", "-j", "2", cwd=tmp_path)
    runs.append(run)
    run.wait_for(lambda: len(run.warnings()) >= 4 and len(_descendants(run.proc.pid)) >= 2)
    workers = _descendants(run.proc.pid)
    code, _ = run.ctrl_c(timeout=30, times=2)
    # 130, or killed by the SIGINT if the orderly stop was already over when the second came
    # (the interpreter has given SIGINT back to the system by then; a shell shows 130 either way).
    assert code in (130, -signal.SIGINT), run.stderr
    assert "Traceback" not in run.stderr
    lines = [
        line for line in run.lines if INTERRUPTED.match(line.removesuffix(" (stopped at the second Ctrl-C)"))
    ]
    assert len(lines) == 1, run.stderr
    assert "out.csv not written" in lines[0]
    assert os.listdir(tmp_path) == []
    _assert_gone(workers)


# -- other commands -----------------------------------------------------------------------------------


def test_ctrl_c_during_summarize(corpus: Path, tmp_path: Path, runs: list[Run]) -> None:
    run = _offline("summarize", corpus, "-j", "2", cwd=tmp_path)
    runs.append(run)
    code, stdout, workers = _interrupt_after_some_documents(run, 2)
    assert code == 130, run.stderr
    _, notes = _finished_line(run, corpus)
    assert notes == ""
    assert stdout == ""  # a summary of part of the corpus would mislead
    _assert_gone(workers)


def test_ctrl_c_during_report(corpus: Path, tmp_path: Path, runs: list[Run]) -> None:
    run = _offline("report", corpus, "-o", "report.html", "-j", "1", cwd=tmp_path)
    runs.append(run)
    code, _, _ = _interrupt_after_some_documents(run, 1)
    assert code == 130, run.stderr
    _, notes = _finished_line(run, corpus)
    assert notes == "report.html not written"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- Parquet with row groups already on disk ------------------------------------------------------------


def test_ctrl_c_after_parquet_row_groups_were_written_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process, so the row groups can be small: SIGINT arrives once the temporary file holds some."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is not Python's to handle in this test process")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        shutil.copyfile(sorted(SEEDS.glob("*.txt"))[i % 5], corpus / f"{i:02d}.txt")
    out = tmp_path / "claims.parquet"
    monkeypatch.setattr(TableWriter, "PARQUET_ROW_GROUP", 20)
    monkeypatch.setattr(claims_command, "CHUNK_DOCUMENTS", 2)
    seen: dict[str, Any] = {"documents": 0, "temporary": 0}
    real_progress = claims_command._progress

    @contextlib.contextmanager
    def progress(env: Any, quiet: bool) -> Iterator[Callable[[Any], None]]:
        with real_progress(env, quiet) as report:

            def report_then_interrupt(result: Any) -> None:
                report(result)
                seen["documents"] += 1
                if seen["documents"] == 10:
                    temporary = [p for p in tmp_path.iterdir() if p.name.startswith(".claims.parquet.")]
                    seen["temporary"] = sum(p.stat().st_size for p in temporary)
                    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, through the command's own handler

            yield report_then_interrupt

    monkeypatch.setattr(claims_command, "_progress", progress)
    result = CliRunner().invoke(
        cli, ["claims", str(corpus), "-o", str(out), "--translator", "none", "--no-cache", "-j", "1"]
    )
    assert result.exit_code == 130, result.output
    assert seen["temporary"] > 4  # row groups were on disk when Ctrl-C came ("PAR1" + data)
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("sora-meta: error: interrupted after 10 documents")
    assert f"{out} not written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]
    # The handler is the default one again after the command.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_interrupted_parquet_writer_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    pd.DataFrame({"claim_id": ["old"]}).to_parquet(out)
    before = out.read_bytes()
    results = iter_results([SEEDS], Options(jobs=1, use_cache=False))
    rows = [row for result in results for row in result.claims]
    assert len(rows) > 30
    writer = TableWriter("claims", out)
    writer.PARQUET_ROW_GROUP = 10
    with pytest.raises(KeyboardInterrupt), writer:
        writer.write(rows)
        assert writer.describe() == f"{out} not written (the previous file is unchanged)"
        raise KeyboardInterrupt
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.parquet"]
