"""Serial, process-pool and Dask engines give the same claim table, row for row."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sora_meta import pipeline
from sora_meta.cli import cli
from sora_meta.models import Options
from sora_meta.pipeline import PoolEngine, analyze, make_engine


@pytest.fixture()
def corpus(seeds: Path, tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name in ("a", "b"):
        shutil.copytree(seeds, root / name)
    return root


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """One file per chunk: several chunks in flight, so order and windowing are exercised."""
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 1)


def test_engine_choice() -> None:
    assert type(make_engine(Options(jobs=1))) is pipeline.Engine
    assert isinstance(make_engine(Options(jobs=2)), PoolEngine)


def test_process_pool_matches_serial(corpus: Path, small_chunks: None) -> None:
    serial = analyze(corpus, Options(jobs=1, use_cache=False))
    pooled = analyze(corpus, Options(jobs=2, use_cache=False))
    assert pooled.claims.equals(serial.claims)
    assert pooled.documents.equals(serial.documents)


def test_cli_jobs_output_is_byte_identical(corpus: Path, small_chunks: None) -> None:
    runner = CliRunner()
    args = ["claims", str(corpus), "--format", "jsonl", "--translator", "none", "--no-cache", "-q"]
    one = runner.invoke(cli, [*args, "-j", "1"])
    two = runner.invoke(cli, [*args, "-j", "2"])
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert one.stdout == two.stdout
    assert one.stdout.count("\n") > 80


@pytest.fixture()
def dask_cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_matches_serial(corpus: Path, small_chunks: None, dask_cluster: Any) -> None:
    from dask.distributed import Client

    serial = analyze(corpus, Options(jobs=1, use_cache=False))
    with Client(dask_cluster) as client:
        distributed = analyze(corpus, Options(engine="dask", use_cache=False), client=client)
    assert distributed.claims.equals(serial.claims)
    assert distributed.documents.equals(serial.documents)


def test_cli_dask_scheduler_address(seeds: Path, dask_cluster: Any) -> None:
    runner = CliRunner()
    args = ["claims", str(seeds), "--format", "jsonl", "--translator", "none", "--no-cache", "-q"]
    local = runner.invoke(cli, args)
    remote = runner.invoke(cli, [*args, "--engine", "dask", "--scheduler", dask_cluster.scheduler_address])
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout
