"""A translation run: the cache first, then the provider with threads, a rate limit, retries, a breaker.

One `Translator` serves a whole run (every claim sentence and title, or every document
of `sora-meta translate`), so its cache connection, rate limiter, circuit breaker and
counts span the run, and it prints at most one warning, when it closes.

Every call carries socket timeouts (see `providers.py`). On top of that, each attempt has
a hard deadline (connect + read timeout + 1 s): an attempt still running past it (a
name lookup that hangs, a server that drips bytes) is abandoned in its daemon thread and
counted as a timeout, so no provider can hold a run longer than that.

An answer is bounded and cleaned before it is used or cached (`providers.checked_answer`):
one over 4 × its text's characters + 200 is refused as garbage (the text stays untranslated
and the run's one warning says why); escape sequences and control characters are dropped.
Answers read back from the cache pass the same check.
"""

from __future__ import annotations

import os
import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..models import Options
from . import providers
from .breaker import CircuitBreaker, RateLimiter
from .cache import TranslationCache, server_key
from .chunk import chunk, join
from .registry import ProviderSpec, check_configuration, is_local, libre_url, secrets

Item = tuple[str, str]  # (ISO 639-1 language, text)


@dataclass(frozen=True, slots=True)
class Settings:
    """How hard to try: timeouts, retries, threads, rate, breaker (env `SORA_META_TRANSLATE_*`)."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    tries: int = 3  # attempts per piece, the first included
    backoff: float = 0.5  # first retry waits about this long (× 0.5–1.5 jitter), doubling each time
    backoff_max: float = 4.0
    workers: int = 4
    rate: float | None = None  # requests per second; None: the provider's default
    breaker_threshold: int = 3  # consecutive network failures that stop the provider for the run

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, overridden by SORA_META_TRANSLATE_{TIMEOUT,TRIES,BACKOFF,WORKERS,RATE,BREAKER}."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        timeout = env.get("SORA_META_TRANSLATE_TIMEOUT")
        if timeout:
            parts = [_number("SORA_META_TRANSLATE_TIMEOUT", p, positive=True) for p in timeout.split(",")]
            if len(parts) > 2:
                raise UsageError("SORA_META_TRANSLATE_TIMEOUT takes SECONDS or CONNECT,READ")
            values["connect_timeout"], values["read_timeout"] = parts[0], parts[-1]
        for var, name, kind in (
            ("SORA_META_TRANSLATE_TRIES", "tries", int),
            ("SORA_META_TRANSLATE_BACKOFF", "backoff", float),
            ("SORA_META_TRANSLATE_WORKERS", "workers", int),
            ("SORA_META_TRANSLATE_RATE", "rate", float),
            ("SORA_META_TRANSLATE_BREAKER", "breaker_threshold", int),
        ):
            raw = env.get(var)
            if raw:
                number = _number(var, raw, positive=kind is int)
                values[name] = kind(number)
        return cls(**values)


def _number(var: str, raw: str, *, positive: bool) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{var}={raw!r} is not a number") from None
    if value < 0 or (positive and value <= 0):
        raise UsageError(f"{var}={raw!r} must be greater than 0")
    return value


@dataclass(slots=True)
class TranslationReport:
    """What a translation run did; `failed` > 0 makes a `--strict` run exit 1."""

    provider: str
    requested: int = 0  # distinct texts asked for
    from_cache: int = 0  # of those, served whole from the cache
    translated: int = 0  # of those, translated (at least in part) by the provider in this run
    failed: int = 0  # of those, left without a translation
    calls: int = 0  # requests made to the provider (retries included)
    breaker_open: bool = False
    warning: str = ""
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return self.failed == 0


class Translator:
    """Translate texts to English through one provider, with cache, limits, retries and a breaker."""

    def __init__(
        self,
        options: Options,
        *,
        warn: Callable[[str], None] | None = None,
        settings: Settings | None = None,
        target: str = "en",
    ) -> None:
        spec = check_configuration(options)
        if spec is None:
            raise UsageError("no translator chosen (--translator none)")
        self.spec: ProviderSpec = spec
        self.settings = settings or Settings.from_env()
        self.target = target
        url = libre_url(options.translator_url) if spec.needs_url else None
        self._config = providers.CallConfig(spec, url)
        rate = self.settings.rate
        if rate is None:
            rate = 0.0 if url and is_local(url) else spec.rate
        self.breaker = CircuitBreaker(self.settings.breaker_threshold)
        self.limiter = RateLimiter(rate)
        self._warn = warn
        self.cache = TranslationCache(options.cache_dir, warn=self._say)
        self._server = server_key(url)  # two LibreTranslate servers never share cached answers
        self.report = TranslationReport(provider=spec.name)
        self._secrets = secrets(spec)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._closed = False
        self._memo: dict[Item, str] = {}  # pieces translated in this run (when the cache is off too)

    # -- public ----------------------------------------------------------------------------------

    def translate_many(
        self, items: Iterable[Item], on_progress: Callable[[int, int], None] | None = None
    ) -> dict[Item, str | None]:
        """English for each distinct (language, text); None where none could be had."""
        wanted = list(
            dict.fromkeys((lang or "", text.strip()) for lang, text in items if text and text.strip())
        )
        results: dict[Item, str | None] = {}
        total = len(wanted)
        report = self.report
        report.requested += total
        done = 0
        if not wanted:
            return results
        size = lambda text: providers.measure(self.spec, text)  # noqa: E731
        plan: dict[Item, list[Item]] = {}
        for item in wanted:
            lang, text = item
            if providers.provider_code(self.spec, lang) is None:
                results[item] = None
                report.failed += 1
                report.reasons[f"language {lang or '?'} not offered"] += 1
                done += 1
                continue
            plan[item] = [(lang, piece) for piece in chunk(text, lang, self.spec.limit, size)]
        pieces: dict[Item, str | None] = {}
        by_lang: dict[str, list[str]] = {}
        for keys in plan.values():
            for lang, piece in keys:
                by_lang.setdefault(lang, []).append(piece)
        for lang, texts in by_lang.items():
            for piece in texts:
                if (lang, piece) in self._memo:
                    pieces[(lang, piece)] = self._memo[(lang, piece)]
            texts = [t for t in texts if (lang, t) not in pieces]
            for piece, english in self.cache.get_many(
                self.spec.name, lang or "auto", self.target, texts, self._server
            ).items():
                usable = _usable(piece, english)
                if usable:  # else asked again: a cache written before answers were bounded
                    pieces[(lang, piece)] = usable
        waiting: dict[Item, list[Item]] = {}
        remaining: dict[Item, int] = {}
        for item, keys in plan.items():
            missing = [k for k in dict.fromkeys(keys) if k not in pieces]
            if not missing:
                results[item] = join([pieces[k] or "" for k in keys])
                report.from_cache += 1
                done += 1
                continue
            remaining[item] = len(missing)
            for k in missing:
                waiting.setdefault(k, []).append(item)
        if on_progress is not None:
            on_progress(done, total)
        new: list[tuple[str, str]] = []

        def resolved(key: Item, english: str | None) -> None:
            nonlocal done
            pieces[key] = english
            if english:
                new.append(key)
                self._memo[key] = english
            for item in waiting.get(key, ()):
                remaining[item] -= 1
                if remaining[item]:
                    continue
                parts = [pieces.get(k) for k in plan[item]]
                if all(parts):
                    results[item] = join([p or "" for p in parts])
                    report.translated += 1
                else:
                    results[item] = None
                    report.failed += 1
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            if len(new) >= 50:
                self._store(new, pieces)

        try:
            self._run(list(waiting), resolved)
        finally:
            self._store(new, pieces)
            report.breaker_open = self.breaker.is_open
        return results

    def close(self) -> None:
        """Emit the run's one warning (if any) and close the cache."""
        if self._closed:
            return
        self._closed = True
        self.cache.close()
        report = self.report
        report.breaker_open = self.breaker.is_open
        if report.breaker_open:
            report.warning = (
                f"translation: gave up on {self.spec.name} for this run ({self.breaker.reason}); "
                f"{report.failed} of {report.requested} texts left untranslated (translator=none)"
            )
        elif report.failed:
            reason = report.reasons.most_common(1)[0][0] if report.reasons else "no answer"
            report.warning = (
                f"translation: {self.spec.name} could not translate {report.failed} of "
                f"{report.requested} texts ({reason}); left untranslated (translator=none)"
            )
        if report.warning:
            report.warning = self._redact(report.warning)
            self._say(report.warning)

    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------------

    def _say(self, message: str) -> None:
        if self._warn is not None:
            self._warn(self._redact(message))

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _store(self, new: list[tuple[str, str]], pieces: dict[Item, str | None]) -> None:
        if not new:
            return
        by_lang: dict[str, list[tuple[str, str]]] = {}
        for lang, piece in new:
            english = pieces.get((lang, piece))
            if english:
                by_lang.setdefault(lang, []).append((piece, english))
        new.clear()
        for lang, pairs in by_lang.items():
            self.cache.put_many(self.spec.name, lang or "auto", self.target, pairs, self._server)

    def _run(self, jobs: list[Item], resolved: Callable[[Item, str | None], None]) -> None:
        """Translate the pieces on worker threads; `resolved` is called on this thread for each."""
        if not jobs:
            return
        if self.breaker.is_open:
            for key in jobs:
                self.report.reasons[self.breaker.reason] += 1
                resolved(key, None)
            return
        providers.install_timeouts()
        settings = self.settings
        todo: queue.Queue[Item] = queue.Queue()
        for key in jobs:
            todo.put(key)
        answers: queue.Queue[tuple[Item, str | None]] = queue.Queue()
        running: dict[Item, tuple[float, threading.Thread]] = {}
        deadline = settings.connect_timeout + settings.read_timeout + 1.0

        threads: list[threading.Thread] = []
        stuck: set[threading.Thread] = set()

        def work() -> None:
            providers.set_thread_timeout(settings.connect_timeout, settings.read_timeout)
            while True:
                try:
                    key = todo.get_nowait()
                except queue.Empty:
                    return
                answers.put((key, self._attempts(key, running)))

        def start_worker() -> None:
            thread = threading.Thread(target=work, name="sora-meta-translate", daemon=True)
            threads.append(thread)
            thread.start()

        for _ in range(min(max(1, settings.workers), len(jobs))):
            start_worker()
        outstanding = set(jobs)
        while outstanding:
            try:
                key, english = answers.get(timeout=0.05)
            except queue.Empty:
                now = time.monotonic()
                with self._lock:
                    overdue = [k for k, (t, _) in running.items() if now - t > deadline and k in outstanding]
                    for k in overdue:
                        stuck.add(running.pop(k)[1])
                for k in overdue:  # abandoned in its daemon thread
                    self.breaker.failure("timed out")
                    self.report.reasons["timed out"] += 1
                    outstanding.discard(k)
                    resolved(k, None)
                if self.breaker.is_open:  # what is still queued is not tried at all
                    for k in _drain(todo):
                        self.report.reasons[self.breaker.reason] += 1
                        outstanding.discard(k)
                        resolved(k, None)
                elif (
                    overdue and not todo.empty() and not any(t.is_alive() and t not in stuck for t in threads)
                ):
                    start_worker()  # only when every worker is stuck: one hung call is no reason for more
                continue
            if key in outstanding:
                outstanding.discard(key)
                resolved(key, english)

    def _provider(self, code: str) -> Any:
        objects: dict[str, Any] = self._local.__dict__.setdefault("objects", {})
        if code not in objects:
            objects[code] = providers.build(self._config, code, self._target_code())
        return objects[code]

    def _target_code(self) -> str:
        return providers.provider_code(self.spec, self.target) or self.target

    def _attempts(self, key: Item, running: dict[Item, tuple[float, threading.Thread]]) -> str | None:
        """One piece through the provider: up to `tries` attempts with backoff; None on failure."""
        lang, text = key
        code = providers.provider_code(self.spec, lang) or "auto"
        settings = self.settings
        breaker = self.breaker
        for attempt in range(settings.tries):
            self.limiter.acquire(breaker)
            if breaker.is_open:
                self._note(breaker.reason)
                return None
            with self._lock:
                running[key] = (time.monotonic(), threading.current_thread())
                self.report.calls += 1
            providers.reset_status()
            try:
                english = providers.checked_answer(text, self._provider(code).translate(text))
            except Exception as exc:
                with self._lock:
                    running.pop(key, None)
                failure = providers.classify(exc)
                if failure.fatal:
                    breaker.trip(failure.reason)
                elif failure.network:
                    breaker.failure(failure.reason)
                if failure.retry and attempt + 1 < settings.tries and not breaker.is_open:
                    delay = min(settings.backoff_max, settings.backoff * 2**attempt) * random.uniform(
                        0.5, 1.5
                    )
                    if failure.retry_after is not None:
                        delay = max(delay, min(failure.retry_after, settings.backoff_max))
                    if not breaker.sleep(delay):
                        continue
                self._note(breaker.reason if breaker.is_open else failure.reason)
                return None
            with self._lock:
                running.pop(key, None)
            breaker.success()
            return english
        return None

    def _note(self, reason: str) -> None:
        with self._lock:
            self.report.reasons[reason] += 1


def _usable(piece: str, english: str | None) -> str | None:
    """A cached answer, checked and cleaned as a new one is; None when it would be refused."""
    try:
        return providers.checked_answer(piece, english)
    except (providers.EmptyAnswer, providers.AnswerTooLong):
        return None


def _drain(todo: queue.Queue[Item]) -> list[Item]:
    """Take everything still waiting in a queue."""
    taken: list[Item] = []
    while True:
        try:
            taken.append(todo.get_nowait())
        except queue.Empty:
            return taken
