"""Calling deep-translator safely: timeouts on every request, provider language codes, error kinds.

deep-translator 1.11.4 calls the module functions `requests.get` / `requests.post` without
a timeout. `install_timeouts()` replaces the name `requests` inside deep-translator's
provider modules with `_TimeoutRequests`, a thin stand-in whose `get`/`post` go through a
per-thread `requests.Session` and always pass `timeout=(connect, read)`. The stand-in
keeps no shared mutable state (timeouts, the last HTTP status and the session are
thread-local), so it is safe with the worker threads of `engine.py`; everything else
(`requests.exceptions`, ...) falls through to the real module. Installation is global to
the process, idempotent, and harmless to other users of deep-translator: they get the
default timeouts (`DEFAULT_TIMEOUT`) instead of none.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from .registry import ProviderSpec, libre_url

DEFAULT_TIMEOUT = (5.0, 20.0)  # seconds: connect, read
_PATCHED_MODULES = ("google", "mymemory", "libre", "deepl", "microsoft", "baidu")
_install_lock = threading.Lock()
_installed = False
_local = threading.local()


class _TimeoutRequests:
    """Stands in for the `requests` module inside deep-translator: same API, timeouts always set."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def _session(self) -> Any:
        session = getattr(_local, "session", None)
        if session is None:
            session = self._real.Session()
            _local.session = session
        return session

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        kwargs["timeout"] = getattr(_local, "timeout", None) or DEFAULT_TIMEOUT
        _local.status = None
        _local.retry_after = None
        response = self._session().request(method, url, **kwargs)
        _local.status = response.status_code
        _local.retry_after = response.headers.get("Retry-After")
        return response

    def get(self, url: str, params: Any = None, **kwargs: Any) -> Any:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", url, data=data, json=json, **kwargs)


def install_timeouts() -> None:
    """Make every HTTP call deep-translator's providers make carry a timeout (idempotent)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        import requests

        shim = _TimeoutRequests(requests)
        for name in _PATCHED_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            module.requests = shim  # type: ignore[attr-defined]
        _installed = True


def set_thread_timeout(connect: float, read: float) -> None:
    """The timeouts of the calls this thread makes from now on."""
    _local.timeout = (connect, read)


def last_status() -> tuple[int | None, str | None]:
    """The HTTP status and Retry-After header of this thread's last request (None before one)."""
    return getattr(_local, "status", None), getattr(_local, "retry_after", None)


def reset_status() -> None:
    _local.status = None
    _local.retry_after = None


def measure(spec: ProviderSpec, text: str) -> int:
    """The size of `text` as the provider's limit counts it."""
    if spec.measure == "utf8":
        return len(text.encode("utf-8"))
    if spec.measure == "url":
        return len(quote_plus(text))
    return len(text)


def _language_table(spec: ProviderSpec) -> dict[str, str]:
    if not spec.languages:
        return {}
    from deep_translator import constants

    table: dict[str, str] = getattr(constants, spec.languages)
    return table


def provider_code(spec: ProviderSpec, lang: str) -> str | None:
    """The provider's code for an ISO 639-1 language (`zh` → `zh-CN` for Google), or None."""
    if not lang or lang in ("und", "unknown"):
        return "auto" if spec.auto else None
    if lang in spec.codes:
        return spec.codes[lang]
    table = _language_table(spec)
    if not table:  # fetched online (Microsoft): ISO codes are right for most languages
        return lang
    values = list(table.values())
    if lang in values:
        return lang
    for value in values:
        if value.split("-")[0].lower() == lang:
            return value
    return "auto" if spec.auto else None


@dataclass(frozen=True, slots=True)
class CallConfig:
    """What building a provider object needs, resolved once per run."""

    spec: ProviderSpec
    url: str | None = None


def build(config: CallConfig, source: str, target: str) -> Any:
    """A deep-translator object for one language pair (keys from the environment only)."""
    import deep_translator

    spec = config.spec
    cls = getattr(deep_translator, spec.class_name)
    env = os.environ
    if spec.name == "libre":
        return cls(
            source=source,
            target=target,
            api_key=env.get("LIBRE_API_KEY") or "no-key",  # the library refuses an empty key
            custom_url=libre_url(config.url),
        )
    if spec.name == "deepl":
        key = env["DEEPL_API_KEY"]
        return cls(source=source, target=target, api_key=key, use_free_api=key.endswith(":fx"))
    if spec.name == "microsoft":
        return cls(
            source=source,
            target=target,
            api_key=env["MICROSOFT_API_KEY"],
            region=env.get("MICROSOFT_REGION") or None,
        )
    if spec.name == "baidu":
        return cls(source=source, target=target, appid=env["BAIDU_APPID"], appkey=env["BAIDU_APPKEY"])
    if spec.name == "mymemory" and env.get("MYMEMORY_EMAIL"):
        return cls(source=source, target=target, email=env["MYMEMORY_EMAIL"])
    return cls(source=source, target=target)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one call failed, in words safe to show (never a URL, never a key)."""

    reason: str
    retry: bool = False  # worth trying again (timeouts, refused connections, 429, 5xx)
    network: bool = True  # counts towards the circuit breaker
    fatal: bool = False  # no later call can succeed (bad key): open the breaker now
    retry_after: float | None = None


_TEXT_ERRORS = frozenset(
    {"NotValidLength", "NotValidPayload", "LanguageNotSupportedException", "InvalidSourceOrTargetLanguage"}
)


class EmptyAnswer(Exception):
    """The provider answered, but without a translation."""


class AnswerTooLong(Exception):
    """The provider's answer is far longer than the text it was given: garbage, not a translation."""


# An answer longer than this many times its text's characters, plus a margin for short texts
# (a Chinese or Japanese sentence grows about threefold in English), is refused.
MAX_ANSWER_RATIO = 4
MAX_ANSWER_MARGIN = 200

# What an answer may not carry into the tables: whole escape sequences (CSI, OSC, with their
# 7-bit or C1 introducers), then any control character left but tab and newline.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI … final byte
    # OSC, DCS, SOS, PM, APC: to BEL or ST
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x90\x98\x9c-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -~]?"  # any other escape
)
_ANSWER_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANSWER_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def clean_answer(source: str, answer: str) -> str:
    """A provider's answer without escape sequences or control characters, on one line when its
    text was (line breaks become `\\n`, or spaces), stripped."""
    if _ESCAPE_SEQUENCE.search(answer):
        answer = _ESCAPE_SEQUENCE.sub("", answer)
    answer = _ANSWER_BREAKS.sub("\n", answer)
    answer = _ANSWER_CONTROL.sub("", answer)
    if "\n" in answer and "\n" not in source:
        answer = " ".join(answer.split())
    return answer.strip()


def checked_answer(source: str, answer: object) -> str:
    """The provider's answer for `source`, cleaned (`clean_answer`); EmptyAnswer when there is
    none, AnswerTooLong when it is over 4 × the characters of `source` + 200."""
    if not isinstance(answer, str) or not answer.strip():
        raise EmptyAnswer()
    if len(answer) > MAX_ANSWER_RATIO * len(source) + MAX_ANSWER_MARGIN:
        raise AnswerTooLong()
    cleaned = clean_answer(source, answer)
    if not cleaned:
        raise EmptyAnswer()
    return cleaned


def classify(exc: BaseException) -> Failure:
    """Sort an exception from a provider call into what to do about it."""
    import requests

    if isinstance(exc, EmptyAnswer):
        return Failure("no translation in the answer", network=False)
    if isinstance(exc, AnswerTooLong):
        return Failure("answer far longer than the text, refused", network=False)

    status, retry_after_header = last_status()
    retry_after = _seconds(retry_after_header)
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.Timeout):
        return Failure("timed out", retry=True)
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if "Connection refused" in text or "Errno 111" in text:
            reason = "connection refused"
        elif "resolve" in text or "Name or service not known" in text or "getaddrinfo" in text:
            reason = "name resolution failed"
        elif "timed out" in text.lower():
            reason = "timed out"
        else:
            reason = "connection failed"
        return Failure(reason, retry=True)
    if name == "TooManyRequests":
        return Failure("HTTP 429 too many requests", retry=True, retry_after=retry_after)
    if name == "AuthorizationException" or status in (401, 403):
        return Failure(f"HTTP {status or 403}: the key was refused", fatal=True)
    if name == "ApiKeyException":
        return Failure("no API key", fatal=True)
    if name in _TEXT_ERRORS:
        return Failure(f"not accepted by the provider ({name})", network=False)
    if name == "TranslationNotFound" and (status is None or status < 300):
        return Failure("no translation in the answer", network=False)
    if status is not None and (status == 429 or status >= 500):
        return Failure(f"HTTP {status}", retry=True, retry_after=retry_after)
    if status is not None and status >= 300:
        return Failure(f"HTTP {status}")
    if isinstance(exc, requests.exceptions.RequestException):
        return Failure(f"bad answer ({name})")
    return Failure(f"unexpected answer ({name})")


def _seconds(header: str | None) -> float | None:
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        return None
