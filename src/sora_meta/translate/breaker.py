"""Stop calling a provider that keeps failing, and keep calls under a provider's rate."""

from __future__ import annotations

import threading
import time


class CircuitBreaker:
    """Opens after `threshold` consecutive failures (or one fatal one) and stays open for the run."""

    def __init__(self, threshold: int = 3) -> None:
        self.threshold = max(1, threshold)
        self._lock = threading.Lock()
        self._consecutive = 0
        self._opened = threading.Event()
        self.reason = ""
        self.last_reason = ""

    @property
    def is_open(self) -> bool:
        return self._opened.is_set()

    def success(self) -> None:
        with self._lock:
            self._consecutive = 0

    def failure(self, reason: str) -> None:
        """Count a network failure; the threshold-th in a row opens the breaker."""
        with self._lock:
            self._consecutive += 1
            self.last_reason = reason
            if self._consecutive >= self.threshold and not self._opened.is_set():
                self.reason = reason
                self._opened.set()

    def trip(self, reason: str) -> None:
        """Open now: no later call can succeed."""
        with self._lock:
            self.last_reason = reason
            if not self._opened.is_set():
                self.reason = reason
                self._opened.set()

    def sleep(self, seconds: float) -> bool:
        """Wait up to `seconds`, waking early if the breaker opens; True when it is open."""
        return self._opened.wait(max(0.0, seconds))


class RateLimiter:
    """At most `rate` call starts per second across all threads (0 or less: no limit)."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._lock = threading.Lock()
        self._next = 0.0

    def acquire(self, breaker: CircuitBreaker | None = None) -> None:
        """Wait for this call's turn (returns at once if the breaker opens meanwhile)."""
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._interval
        delay = start - now
        if delay > 0:
            if breaker is not None:
                breaker.sleep(delay)
            else:
                time.sleep(delay)
