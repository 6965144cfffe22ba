"""The translation providers sora-meta knows: names, keys, limits and language codes, as plain data.

Nothing here imports deep-translator or requests, so `sora-meta --help` stays fast;
`providers.py` turns a `ProviderSpec` into a working deep-translator object.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import UsageError
from ..models import Options


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """What sora-meta needs to know to call one deep-translator provider well."""

    name: str
    class_name: str  # deep_translator.<class_name>
    languages: str  # the deep_translator.constants table of its codes ("" when fetched online)
    limit: int  # the largest text sent in one call, measured by `measure`
    measure: str = "chars"  # chars | utf8 (bytes) | url (length once URL-encoded)
    rate: float = 5.0  # requests per second, across threads (0: no limit)
    keys: tuple[str, ...] = ()  # environment variables that must be set
    optional_keys: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)  # ISO 639-1 → provider code, where they differ
    auto: bool = False  # accepts source "auto"
    needs_url: bool = False


PROVIDERS: dict[str, ProviderSpec] = {
    spec.name: spec
    for spec in (
        # GET translate.google.com/m?q=...; the library refuses 5,000 characters or more.
        ProviderSpec(
            "google",
            "GoogleTranslator",
            "GOOGLE_LANGUAGES_TO_CODES",
            limit=4500,
            rate=5.0,
            codes={"zh": "zh-CN", "he": "iw", "jv": "jw", "fil": "tl"},
            auto=True,
        ),
        # MyMemory: under 500 bytes per query (the library checks characters; the API counts bytes).
        ProviderSpec(
            "mymemory",
            "MyMemoryTranslator",
            "MY_MEMORY_LANGUAGES_TO_CODES",
            limit=450,
            measure="utf8",
            rate=2.0,
            codes={"zh": "zh-CN", "en": "en-GB", "pt": "pt-PT", "es": "es-ES"},
            optional_keys=("MYMEMORY_EMAIL",),
        ),
        # LibreTranslate: the text travels in the query string of a POST, so keep URLs short.
        ProviderSpec(
            "libre",
            "LibreTranslator",
            "LIBRE_LANGUAGES_TO_CODES",
            limit=3000,
            measure="url",
            rate=10.0,
            optional_keys=("LIBRE_API_KEY",),
            auto=True,
            needs_url=True,
        ),
        # DeepL: GET with the text in the query string.
        ProviderSpec(
            "deepl",
            "DeeplTranslator",
            "DEEPL_LANGUAGE_TO_CODE",
            limit=6000,
            measure="url",
            rate=5.0,
            keys=("DEEPL_API_KEY",),
        ),
        # Microsoft: JSON body, 50,000 characters per request; the library fetches its language list.
        ProviderSpec(
            "microsoft",
            "MicrosoftTranslator",
            "",
            limit=10000,
            rate=5.0,
            keys=("MICROSOFT_API_KEY",),
            optional_keys=("MICROSOFT_REGION",),
            codes={"zh": "zh-hans"},
        ),
        ProviderSpec(
            "baidu",
            "BaiduTranslator",
            "BAIDU_LANGUAGE_TO_CODE",
            limit=5000,
            measure="utf8",
            rate=1.0,
            keys=("BAIDU_APPID", "BAIDU_APPKEY"),
            codes={"ja": "jp", "ko": "kor", "fr": "fra", "es": "spa", "ar": "ara", "vi": "vie"},
        ),
    )
}

PROVIDER_NAMES: tuple[str, ...] = tuple(PROVIDERS)
TRANSLATOR_CHOICES: tuple[str, ...] = (*PROVIDER_NAMES, "none")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


def provider_spec(name: str) -> ProviderSpec:
    """The spec of a provider by name; a UsageError listing the choices for an unknown one."""
    try:
        return PROVIDERS[name]
    except KeyError:
        raise UsageError(
            f"unknown translator {name!r} (choose from: {', '.join(TRANSLATOR_CHOICES)})"
        ) from None


def libre_url(url: str | None) -> str:
    """A LibreTranslate server address as deep-translator wants it: `custom_url` ending in `/`."""
    if not url:
        raise UsageError(
            "--translator libre needs --translator-url (e.g. http://127.0.0.1:5000/ or https://libretranslate.com/)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--translator-url {url!r} is not an http(s) address")
    path = parts.path.rstrip("/")
    if path.endswith("/translate") or path == "translate":
        path = path[: -len("translate")].rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}/"


def is_local(url: str) -> bool:
    """Whether a server address is on this machine (a self-hosted server is not rate-limited)."""
    return (urlsplit(url).hostname or "") in _LOCAL_HOSTS


def check_configuration(options: Options) -> ProviderSpec | None:
    """The provider spec for `options`, or None for `none`; UsageError for what cannot work."""
    if options.translator == "none":
        return None
    spec = provider_spec(options.translator)
    if spec.needs_url:
        libre_url(options.translator_url)
    missing = [var for var in spec.keys if not os.environ.get(var)]
    if missing:
        raise UsageError(
            f"--translator {spec.name} needs an API key in the environment variable "
            f"{' and '.join(missing)} (keys are never read from the command line)"
        )
    return spec


def secrets(spec: ProviderSpec) -> list[str]:
    """The values of the provider's key variables, to be redacted from anything shown."""
    return [v for var in (*spec.keys, *spec.optional_keys) if len(v := os.environ.get(var, "")) >= 4]
