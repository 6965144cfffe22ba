"""An output that cannot be written is one clear line and exit 1, and leaves no partial file.

A full disk is imitated with RLIMIT_FSIZE (writes past the limit fail with EFBIG, "File too
large", as they fail with ENOSPC on a full disk); permissions cannot be used, since tests may
run as root. Devices and pipes are written directly, never replaced by a renamed file: the
tests reach /dev/full and /dev/null through symbolic links, so that a regression would replace
the link, not the device.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta.cli import cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE, /dev/full: Linux")
resource = pytest.importorskip("resource")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LIMIT = 8 * 1024  # the claim table of the seeds is ~30 KB in CSV, ~29 KB in Parquet
OPTIONS = ("--translator", "none", "--no-cache")


def sora_meta(
    *args: str, cwd: Path, file_size_limit: int | None = None, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failing write, not a killed process

    return subprocess.run(
        [sys.executable, "-m", "sora_meta", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("sora-meta: error: "), stderr
    return lines[0].removeprefix("sora-meta: error: ")


# -- a missing output folder -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["claims", str(SEEDS), "-o", "missing/claims.csv"], "missing/claims.csv"),
        (["claims", str(SEEDS), "-o", "claims.csv", "--documents", "missing/docs.csv"], "missing/docs.csv"),
        (["report", str(SEEDS), "-o", "missing/report.html"], "missing/report.html"),
    ],
)
def test_an_output_in_a_missing_folder_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr) == f"{named}: cannot write (no such folder: missing)"
    assert os.listdir(tmp_path) == []  # not even the claim table, which could have been written


def test_an_output_under_a_file_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("not a folder\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["claims", str(SEEDS), "-o", "notes.txt/claims.csv"])
    assert result.exit_code == 1, result.output
    assert one_error_line(result.stderr) == "notes.txt/claims.csv: cannot write (notes.txt is not a folder)"


# -- a full disk ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["claims", str(SEEDS), "-o", "claims.csv", "-j", "1"], "claims.csv"),
        (["claims", str(SEEDS), "-o", "claims.jsonl", "-j", "2"], "claims.jsonl"),
        (["claims", str(SEEDS), "-o", "claims.parquet", "-j", "1"], "claims.parquet"),
        (["claims", str(SEEDS), "-o", "claims.csv", "--documents", "documents.json"], "claims.csv"),
        (["report", str(SEEDS), "-o", "report.html", "-j", "1"], "report.html"),
    ],
)
def test_a_full_disk_is_one_line_exit_1_and_no_partial_file(
    tmp_path: Path, args: list[str], named: str
) -> None:
    result = sora_meta(*args, *OPTIONS, cwd=tmp_path, file_size_limit=LIMIT)
    assert result.returncode == 1, result.stderr
    assert one_error_line(result.stderr) == f"{named}: cannot write (File too large)"
    assert os.listdir(tmp_path) == []  # no partial output, no temporary file, no other table


def test_a_full_disk_keeps_the_previous_output(tmp_path: Path) -> None:
    previous = b"claim_id,figure\nfeedbeef,$1 billion\n"
    (tmp_path / "claims.csv").write_bytes(previous)
    result = sora_meta(
        "claims", str(SEEDS), "-o", "claims.csv", *OPTIONS, cwd=tmp_path, file_size_limit=LIMIT
    )
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "claims.csv: cannot write (File too large)"
    assert (tmp_path / "claims.csv").read_bytes() == previous
    assert os.listdir(tmp_path) == ["claims.csv"]


def test_the_same_run_with_room_on_disk_succeeds(tmp_path: Path) -> None:
    """The limit above is what fails those runs: with room, the same command writes its file."""
    result = sora_meta(
        "claims", str(SEEDS), "-o", "claims.csv", *OPTIONS, cwd=tmp_path, file_size_limit=10**8
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "claims.csv").stat().st_size > LIMIT
    assert oct((tmp_path / "claims.csv").stat().st_mode & 0o777) == oct(0o644)  # not mkstemp's 0600


# -- devices, descriptors and pipes --------------------------------------------------------------------


def test_a_full_device_is_one_line_and_the_device_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "full.csv").symlink_to("/dev/full")
    result = sora_meta("claims", str(SEEDS), "-o", "full.csv", *OPTIONS, cwd=tmp_path)
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "full.csv: cannot write (No space left on device)"
    assert os.readlink(tmp_path / "full.csv") == "/dev/full"  # written through, not replaced
    assert os.listdir(tmp_path) == ["full.csv"]


def test_dev_null_takes_the_tables_and_no_temporary_file_is_made(tmp_path: Path) -> None:
    (tmp_path / "null").symlink_to("/dev/null")  # no extension: CSV, as on standard output
    result = sora_meta("claims", str(SEEDS), "-o", "null", "--documents", "null", *OPTIONS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert os.readlink(tmp_path / "null") == "/dev/null"
    assert os.listdir(tmp_path) == ["null"]


def test_dev_stdout_as_output_gives_the_same_bytes_as_a_file(tmp_path: Path) -> None:
    direct = sora_meta("claims", str(SEEDS), "-o", "direct.csv", *OPTIONS, cwd=tmp_path)
    assert direct.returncode == 0, direct.stderr
    with open(tmp_path / "redirected.csv", "wb") as out:  # `-o /dev/stdout > redirected.csv`
        via = sora_meta(
            "claims", str(SEEDS), "-o", "/dev/stdout", *OPTIONS, cwd=tmp_path, stdout=out.fileno()
        )
    assert via.returncode == 0, via.stderr
    assert (tmp_path / "redirected.csv").read_bytes() == (tmp_path / "direct.csv").read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["direct.csv", "redirected.csv"]


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "claims.jsonl"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = sora_meta("claims", str(SEEDS), "-o", str(fifo), *OPTIONS, cwd=tmp_path)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received and received[0].startswith(b'{"claim_id":')
    assert len(received[0].splitlines()) > 50
    assert fifo.is_fifo()


def test_standard_output_on_a_full_device_is_one_line_and_exit_1(tmp_path: Path) -> None:
    for args in (
        ["summarize", str(SEEDS)],
        ["summarize", str(SEEDS), "--format", "json"],
        ["claims", str(SEEDS)],
    ):
        with open("/dev/full", "w") as full:
            result = sora_meta(*args, *OPTIONS, cwd=tmp_path, stdout=full.fileno())
        assert result.returncode == 1, (args, result.stderr)
        assert one_error_line(result.stderr) == "standard output: cannot write (No space left on device)"


def test_a_closed_pipe_on_standard_output_stops_quietly(tmp_path: Path) -> None:
    """`sora-meta claims … | head -0`: the reader is gone; exit 1 without a word."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = sora_meta("claims", str(SEEDS), *OPTIONS, cwd=tmp_path, stdout=write)
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""
