"""Per-document processing (a pure map: document in, rows out) and the engines that run it over a corpus.

The parent process discovers the inputs, reads each file's bytes and looks them up in the
result cache (`resultcache.py`); the files it has no result for go, a chunk of files at a
time, to one of three engines, and the results come back in input order whatever the engine:

- serial: in this process (`--jobs 1`, or a corpus of one chunk);
- a process pool (`--jobs N`, default the machine's cores): the first chunk runs here, which
  loads the gazetteer, the language model and the tables of the languages seen, and the pool
  is forked after it, so workers start warm (a pool initializer loads them where fork is not
  available);
- Dask (`--engine dask`): `dask.distributed` on `--scheduler ADDRESS`, or a local cluster.

At most a few chunks are in flight, so memory stays flat however large the corpus.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from . import regexcache
from .claims import Extraction
from .errors import UsageError
from .extract.companies import Gazetteer
from .ingest.discover import STDIN, discover
from .ingest.formats import format_of, read_bytes, sniff_format
from .models import Document, Options, Status
from .segment import segment
from .table import claims_frame, documents_frame, mentions_frame

# A chunk (one unit of work sent to a worker) holds files up to this many bytes, or this many files.
CHUNK_BYTES = 128 * 1024
CHUNK_FILES = 64
# Chunks in flight per worker: enough to keep every worker busy, few enough to keep memory flat.
CHUNKS_PER_WORKER = 3


@dataclass(slots=True)
class DocResult:
    """What one document gives: its documents-table row and its claim rows."""

    document: dict[str, Any]
    claims: list[dict[str, Any]]
    mentions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    """The documents table, the claim table and the mentions table of a corpus."""

    documents: pd.DataFrame
    claims: pd.DataFrame
    translation: Any = None  # the TranslationReport of the run, when a translator was used
    mentions: pd.DataFrame = field(default_factory=lambda: mentions_frame([]))

    @property
    def untranslated(self) -> int:
        """Texts the translator was asked for and could not give (0 without a translator)."""
        return int(getattr(self.translation, "failed", 0) or 0)

    @property
    def failed(self) -> pd.DataFrame:
        """Documents whose status is `error`."""
        return self.documents[self.documents["status"] == Status.ERROR.value]


def document_row(doc: Document, companies: list[str], claims: int) -> dict[str, Any]:
    """The documents-table row of a document (SCHEMA.md)."""
    return {
        "doc_id": doc.doc_id,
        "path": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "title": doc.title,
        "title_en": doc.title if doc.lang == "en" else "",
        "source": doc.source,
        "url": doc.url,
        "published": doc.published,
        "lang": doc.lang,
        "langs": dict(doc.langs),
        "chars": len(doc.text),
        "paragraphs": len(doc.paragraphs),
        "duplicate_paragraphs": doc.duplicate_paragraphs,
        "furniture_lines": doc.furniture_lines,
        "sentences": len(doc.sentences),
        "companies": companies,
        "claims": claims,
        "status": str(doc.status),
        "reason": doc.reason,
    }


class _OverBudget(Exception):
    """A document took longer than its time budget."""


def _expire(signum: int, frame: object) -> None:
    raise _OverBudget


def _budgets_work() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise _OverBudget inside the block after `seconds` (SIGALRM; main thread on POSIX only).

    Elsewhere (Windows, Dask's worker threads) the block runs without a budget. Inside
    `budget_handler()` the handler is already there and only the timer is set.
    """
    if seconds <= 0 or not _budgets_work():
        yield
        return
    installed = not _HANDLER_KEPT and signal.getsignal(signal.SIGALRM) is not _expire
    previous = signal.signal(signal.SIGALRM, _expire) if installed else None
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if installed:
            signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def budget_handler() -> Iterator[None]:
    """Keep the budget's SIGALRM handler installed across many `time_budget` blocks (one install, not
    one per document and stage)."""
    global _HANDLER_KEPT
    if not _budgets_work() or signal.getsignal(signal.SIGALRM) is _expire:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _HANDLER_KEPT = True
    try:
        yield
    finally:
        _HANDLER_KEPT = False
        signal.signal(signal.SIGALRM, previous)


# Set inside `budget_handler()` (main thread only): `time_budget` then need not look the handler up.
_HANDLER_KEPT = False


OVER_BUDGET = "took longer than its time budget"
INTERNAL_ERROR = "internal error"


def internal_error(exc: Exception) -> str:
    """The documents-table reason for a bug met on one document: one line, bounded."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    return f"{INTERNAL_ERROR}: {detail[:200]} (a bug; --debug shows where)"


def process_document(
    doc: Document, options: Options, gazetteer: Gazetteer | None = None, *, spent: float = 0.0
) -> DocResult:
    """Segment one read document, extract its claims and build its rows.

    A document that takes longer than `options.time_budget` seconds becomes an `error` row
    instead of holding up the run. `spent`: seconds already used reading it (`process_task`),
    counted against the same budget.
    """
    if doc.status != Status.OK:
        return DocResult(document_row(doc, [], 0), [])
    work = _Work(doc, max(options.time_budget - spent, 0.001) if options.time_budget > 0 else 0.0)
    _run_stages([work], options, gazetteer or Gazetteer.load(options.companies_file))
    assert work.done is not None
    return work.done


@dataclass(slots=True)
class _Work:
    """A read document on its way through the stages; `done` is set by the last one, or by a stop."""

    doc: Document
    left: float  # seconds left of its time budget; 0: no budget
    extraction: Extraction | None = None
    done: DocResult | None = None

    def run(self, stage: Callable[[_Work], None], options: Options) -> None:
        """Run `stage` on this document within what is left of its budget."""
        if self.done is not None:
            return
        started = time.monotonic()
        try:
            with time_budget(self.left):
                stage(self)
        except _OverBudget:
            self.stop(f"{OVER_BUDGET} ({options.time_budget:g} s; --time-budget)")
        except Exception as exc:  # a bug met on this document: the run goes on with the others
            if options.debug:
                raise
            self.stop(internal_error(exc))
        if self.left:  # never 0 on the way (0 means no budget): the next stage's alarm then rings at once
            self.left = max(self.left - (time.monotonic() - started), 0.001)

    def stop(self, reason: str) -> None:
        self.doc.status, self.doc.reason, self.doc.sentences = Status.ERROR, reason, []
        self.done = DocResult(document_row(self.doc, [], 0), [])


def _segmented(work: _Work, options: Options, gazetteer: Gazetteer) -> None:
    segment(work.doc, options.lang_detector)
    work.extraction = Extraction(work.doc, gazetteer)


def _step(name: str) -> Callable[[_Work], None]:
    """The stage that runs one of `Extraction.STEPS`."""

    def stage(work: _Work) -> None:
        assert work.extraction is not None
        getattr(work.extraction, name)()

    return stage


def _rows(work: _Work, options: Options) -> None:
    assert work.extraction is not None
    extracted = work.extraction.result(mentions=options.mentions)
    counts = Counter(m.name for m in extracted.companies)
    companies = sorted(counts, key=lambda name: (-counts[name], name))
    row = document_row(work.doc, companies, len(extracted.claims))
    work.done = DocResult(row, extracted.claims, extracted.mentions)


def _run_stages(works: list[_Work], options: Options, gazetteer: Gazetteer) -> None:
    """Segment and extract `works` and build their rows, one stage over all of them, then the next.

    Stage by stage rather than document by document: each stage's large tables and compiled patterns
    (the language model, the gazetteer's trie, each extractor's grammar) stay in the processor's
    caches while it reads the chunk, instead of evicting each other at every document (about 5%
    less time on the benchmark corpus). The rows are the same either way; each document keeps its
    own time budget across the stages.
    """
    stages: list[Callable[[_Work], None]] = [
        functools.partial(_segmented, options=options, gazetteer=gazetteer)
    ]
    stages += [_step(name) for name in Extraction.STEPS]
    stages.append(functools.partial(_rows, options=options))
    with budget_handler():
        for stage in stages:
            for work in works:
                work.run(stage, options)


def jobs_for(options: Options) -> int:
    """The number of worker processes: `options.jobs`, else the cores this process may use."""
    if options.jobs:
        return max(1, options.jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# -- work items -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Task:
    """One input file's bytes, to be read and processed by a worker."""

    doc_id: str
    path: str
    fmt: str
    data: bytes
    key: str | None = None  # result-cache key


@dataclass(slots=True)
class _Done:
    """Results known without processing: an input that could not be read, or a cache hit."""

    results: list[DocResult]


_Item = Task | _Done


@dataclass(frozen=True, slots=True)
class Resources:
    """What a run reads besides its inputs: built once per run from the options, handed to every engine.

    Small and picklable: the `--companies` file travels as the bytes read at the start of the run, so
    this process, a pool worker (its initializer) and a Dask worker all build the gazetteer of that
    content, keyed by its SHA-256 (`Gazetteer.extended`), never by a path that may since have changed.
    The language tables are packaged data, the same for every run. `cache_dir`: where compiled
    patterns go while the run's work is done (`regexcache.using`).
    """

    cache_dir: str | None = None
    companies: bytes | None = None
    companies_source: str = ""
    companies_sha256: str = ""

    @classmethod
    def for_run(cls, options: Options) -> Resources:
        """Read what `options` name (InputError for a companies file that cannot be used, before any work)."""
        if not options.companies_file:
            return cls(options.cache_dir)
        from hashlib import sha256
        from pathlib import Path

        from .extract.companies import companies_rows, read_companies_file

        source = str(options.companies_file)
        data = read_companies_file(Path(source))
        companies_rows(data, source)  # a bad file fails the run now, not in a worker
        return cls(options.cache_dir, data, source, sha256(data).hexdigest())

    def gazetteer(self) -> Gazetteer:
        """The run's gazetteer: the packaged one, extended by the companies file's content."""
        with regexcache.using(self.cache_dir):
            if self.companies is None:
                return Gazetteer.default()
            return Gazetteer.extended(self.companies, self.companies_source)


def process_task(task: Task, options: Options, gazetteer: Gazetteer | None = None) -> list[DocResult]:
    """Read one file's bytes and process each of its documents (several for JSON Lines)."""
    return process_tasks([task], options, gazetteer)[0]


def process_tasks(
    tasks: Sequence[Task], options: Options, gazetteer: Gazetteer | None = None
) -> list[list[DocResult]]:
    """Read each file's bytes and process their documents, a group of documents a stage at a time.

    A group holds the documents read since the last one, up to CHUNK_BYTES of text or CHUNK_FILES
    documents (a large JSON Lines file makes several groups: memory stays bounded).
    """
    gazetteer = gazetteer or Resources.for_run(options).gazetteer()
    results: list[list[DocResult]] = []
    group: list[tuple[list[DocResult], int, _Work]] = []  # where each result goes, and its document
    size = 0

    def flush() -> None:
        _run_stages([work for _, _, work in group], options, gazetteer)
        for found, k, work in group:
            assert work.done is not None
            found[k] = work.done
        group.clear()

    for task in tasks:
        found: list[DocResult] = []
        results.append(found)
        for item in _read(task, options):
            if isinstance(item, DocResult):
                found.append(item)
                continue
            group.append((found, len(found), item))
            found.append(_PENDING)
            size += len(item.doc.text)
            if size >= CHUNK_BYTES or len(group) >= CHUNK_FILES:
                flush()
                size = 0
    flush()
    return results


# Holds a document's place in `process_tasks` until its stages have run.
_PENDING = DocResult({}, [])


def _read(task: Task, options: Options) -> Iterator[DocResult | _Work]:
    """The documents of one file, as read (`_Work`), or as their row when they cannot be processed."""
    budget = options.time_budget
    documents = read_bytes(task.data, task.doc_id, task.path, task.fmt)
    try:
        while True:
            # The budget covers reading (decoding, HTML extraction, furniture and repeats) too: each
            # document's reading is timed, and what it took is taken from its processing budget.
            started = time.monotonic()
            try:
                with time_budget(budget):
                    doc = next(documents, None)
            except _OverBudget:
                reason = f"{OVER_BUDGET} while reading ({budget:g} s; --time-budget)"
                doc = Document(task.doc_id, task.path, format=task.fmt, status=Status.ERROR, reason=reason)
                yield DocResult(document_row(doc, [], 0), [])
                return
            if doc is None:
                return
            if doc.status != Status.OK:
                yield DocResult(document_row(doc, [], 0), [])
            else:
                yield _Work(doc, max(budget - (time.monotonic() - started), 0.001) if budget > 0 else 0.0)
    except Exception as exc:  # a bug met while reading the file: the run goes on with the others
        if options.debug:
            raise
        reason = internal_error(exc)
        doc = Document(task.doc_id, task.path, format=task.fmt, status=Status.ERROR, reason=reason)
        yield DocResult(document_row(doc, [], 0), [])


def process_chunk(
    tasks: list[Task], options: Options, resources: Resources | None = None
) -> list[list[DocResult]]:
    """Process a chunk of files: the function every engine maps (module level, so it pickles)."""
    resources = resources or Resources.for_run(options)
    with regexcache.using(resources.cache_dir):  # patterns compiled on the way go to the run's folder
        return process_tasks(tasks, options, resources.gazetteer())


def _die_with_parent() -> None:
    """On Linux, have the kernel end this worker when its parent dies (no orphans after a kill -9)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - best effort
        pass


def warm_up(options: Options, resources: Resources | None = None) -> None:
    """A pool worker's initializer: die with the parent, leave Ctrl-C to it, load the run's resources."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the pool; no worker traceback
    (resources or Resources.for_run(options)).gazetteer()
    if options.lang_detector == "fasttext":
        from .language import _fasttext_model

        _fasttext_model()


def _failed(doc_id: str, path: str, status: Status, reason: str) -> _Done:
    doc = Document(doc_id, path, status=status, reason=reason)
    return _Done([DocResult(document_row(doc, [], 0), [])])


def _items(
    paths: Iterable[str | os.PathLike[str]], options: Options, cache: Any, resources: Resources | None = None
) -> Iterator[_Item]:
    """Every input in order: read (as `ingest.read_file` does) and looked up in the result cache."""
    fingerprint = ""
    if cache is not None:
        from .resultcache import options_fingerprint

        fingerprint = options_fingerprint(options, resources.companies_sha256 if resources else None)
    for entry in discover(paths, options.outputs):
        if entry.status is not Status.OK:
            yield _failed(entry.doc_id, entry.path, entry.status, entry.reason)
            continue
        try:
            if entry.path == STDIN and not entry.real:
                data = sys.stdin.buffer.read()
                fmt = sniff_format(data)
            else:
                with open(entry.opened, "rb") as f:
                    data = f.read()
                fmt = format_of(entry.path)
        except PermissionError:
            yield _failed(entry.doc_id, entry.path, Status.ERROR, "permission denied")
            continue
        except OSError as exc:
            yield _failed(entry.doc_id, entry.path, Status.ERROR, (exc.strerror or str(exc)).lower())
            continue
        key = None
        if cache is not None:
            from .resultcache import result_key

            key = result_key(fingerprint, entry.doc_id, entry.path, fmt, data)
            hit = cache.get(key, mentions=options.mentions)
            if hit is not None:
                documents, claims, mentions = hit
                if mentions is None or not options.mentions:  # what the run asked for, whatever is stored
                    mentions = [[] for _ in documents]
                results = zip(documents, claims, mentions, strict=True)
                yield _Done([DocResult(d, c, m) for d, c, m in results])
                continue
        yield Task(entry.doc_id, entry.path, fmt, data, key)


def _chunks(items: Iterator[_Item]) -> Iterator[list[_Item]]:
    """Chunks of up to CHUNK_BYTES or CHUNK_FILES; the first holds the first file to process alone.

    The process pool runs the first chunk in the parent to warm it before forking the workers: a
    small one keeps that serial part short (the workers build what else they need in parallel).
    """
    chunk: list[_Item] = []
    size = 0
    first = True
    for item in items:
        chunk.append(item)
        if isinstance(item, Task):
            size += len(item.data)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES or (first and isinstance(item, Task)):
            yield chunk
            chunk, size, first = [], 0, first and not isinstance(item, Task)
    if chunk:
        yield chunk


# -- engines ----------------------------------------------------------------------------------------


class _Result(Protocol):
    def result(self) -> list[list[DocResult]]: ...


class _Now:
    """An already computed result (the serial engine)."""

    def __init__(self, value: list[list[DocResult]]) -> None:
        self.value = value

    def result(self) -> list[list[DocResult]]:
        return self.value


class Engine:
    """Runs `process_chunk` on chunks of tasks; `submit` returns something with `.result()`."""

    window = 1  # chunks in flight

    def submit(self, tasks: list[Task]) -> _Result:
        return _Now(process_chunk(tasks, self.options, self.resources))

    def __init__(self, options: Options, resources: Resources | None = None) -> None:
        self.options = options
        self.resources = resources or Resources.for_run(options)

    def close(self) -> None:
        """Release workers and connections."""


class PoolEngine(Engine):
    """A process pool, started after the first chunk has run here (so forked workers start warm)."""

    def __init__(self, options: Options, jobs: int, resources: Resources | None = None) -> None:
        super().__init__(options, resources)
        self.jobs = jobs
        self.window = jobs * CHUNKS_PER_WORKER
        self._pool: ProcessPoolExecutor | None = None
        self._first = True

    def submit(self, tasks: list[Task]) -> _Result:
        if self._first:  # warm this process, then fork from it
            self._first = False
            return super().submit(tasks)
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=warm_up, initargs=(self.options, self.resources)
            )
        future: Future[list[list[DocResult]]] = self._pool.submit(
            process_chunk, tasks, self.options, self.resources
        )
        return future

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine(Engine):
    """`dask.distributed`: the scheduler at `options.scheduler`, a given client, or a local cluster."""

    def __init__(
        self, options: Options, jobs: int, client: Any = None, resources: Resources | None = None
    ) -> None:
        super().__init__(options, resources)
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--engine dask needs the dask extra: pip install 'sora-meta[dask]'") from None
        self._own: list[Any] = []
        if client is None:
            if options.scheduler:
                try:
                    client = Client(options.scheduler, timeout="10s")
                except OSError as exc:
                    raise UsageError(f"cannot reach the Dask scheduler {options.scheduler}: {exc}") from None
            else:
                cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
                )
                client = Client(cluster)
                self._own.append(cluster)
            self._own.insert(0, client)
        self.client = client
        workers = len(client.scheduler_info().get("workers", {})) or jobs
        self.window = max(2, workers * CHUNKS_PER_WORKER)

    def submit(self, tasks: list[Task]) -> _Result:
        future: _Result = self.client.submit(process_chunk, tasks, self.options, self.resources, pure=False)
        return future

    def close(self) -> None:
        for thing in self._own:
            thing.close()
        self._own.clear()


def make_engine(options: Options, client: Any = None, resources: Resources | None = None) -> Engine:
    """The engine `options` ask for, running with `resources` (by default built from `options`)."""
    jobs = jobs_for(options)
    if options.engine == "dask" or client is not None:
        return DaskEngine(options, jobs, client, resources)
    if options.engine != "local":
        raise UsageError(f"unknown engine {options.engine!r}; choose local or dask")
    return PoolEngine(options, jobs, resources) if jobs > 1 else Engine(options, resources)


def _open_cache(options: Options, warn: Callable[[str], None]) -> Any:
    if not options.use_cache:
        return None
    from .resultcache import ResultCache, cache_directory

    cache = ResultCache(cache_directory(options), warn=warn)
    return cache if cache.enabled else None


def _warn(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)


def iter_results(
    paths: Iterable[str | os.PathLike[str]],
    options: Options | None = None,
    on_document: Callable[[DocResult], None] | None = None,
    *,
    warn: Callable[[str], None] | None = None,
    client: Any = None,
) -> Iterator[DocResult]:
    """Read the inputs and process each document; results in input order whatever the engine.

    `client`: a `dask.distributed.Client` to run on (implies the Dask engine).
    """
    options = options or Options()
    resources = Resources.for_run(options)  # once per run: every engine and worker gets these
    cache = _open_cache(options, warn or _warn)
    engine = make_engine(options, client, resources)
    pending: deque[tuple[list[_Item], _Result | None]] = deque()

    def drain() -> Iterator[DocResult]:
        chunk, future = pending.popleft()
        done = iter(future.result() if future is not None else ())
        for item in chunk:
            if isinstance(item, _Done):
                results = item.results
            else:
                results = next(done)
                # a timeout or a bug is no result of the file: never cached
                unsure = any(r.document["reason"].startswith((OVER_BUDGET, INTERNAL_ERROR)) for r in results)
                if cache is not None and item.key is not None and not unsure:
                    documents = [r.document for r in results]
                    mentions = [r.mentions for r in results] if options.mentions else None
                    cache.put(item.key, documents, [r.claims for r in results], mentions)
            for result in results:
                if on_document is not None:
                    on_document(result)
                yield result

    try:
        for chunk in _chunks(_items(paths, options, cache, resources)):
            tasks = [item for item in chunk if isinstance(item, Task)]
            pending.append((chunk, engine.submit(tasks) if tasks else None))
            while len(pending) >= engine.window:
                yield from drain()
        while pending:
            yield from drain()
    finally:
        engine.close()
        if cache is not None:
            cache.close()


def analyze(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    options: Options | None = None,
    on_document: Callable[[DocResult], None] | None = None,
    *,
    warn: Callable[[str], None] | None = None,
    client: Any = None,
    on_translation: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Read, segment and extract a corpus: the documents table and the claim table.

    With a translator, non-English sentences and titles are translated at the end
    (`on_translation(done, total)` follows that).
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    documents: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    options = options or Options()
    for result in iter_results(paths, options, on_document, warn=warn, client=client):
        documents.append(result.document)
        claims.extend(result.claims)
        mentions.extend(result.mentions)
    translation = None
    if options.translator != "none":
        from .translate import translate_rows

        translation = translate_rows(
            claims, documents, options, warn=warn or _warn, on_progress=on_translation
        )
    return Analysis(documents_frame(documents), claims_frame(claims), translation, mentions_frame(mentions))
