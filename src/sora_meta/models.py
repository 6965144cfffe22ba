"""The data that flows between stages: documents, paragraphs, sentences, mentions and options.

Every offset is a Python `str` index into the document's decoded text (`Document.text`),
unless a docstring says it is relative to a smaller string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """What became of an input."""

    OK = "ok"
    EMPTY = "empty"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(slots=True)
class Paragraph:
    """A non-empty line of a document: `text[start:end]`, without its line break."""

    start: int
    end: int
    furniture: bool = False  # page furniture: kept for offsets, excluded from claims
    duplicate: bool = False  # repeats an earlier paragraph of the same document
    lang: str = ""


@dataclass(slots=True)
class Sentence:
    """A sentence of a paragraph: `text[start:end]`."""

    start: int
    end: int
    lang: str = ""
    paragraph: int = 0  # index into Document.paragraphs


@dataclass(slots=True)
class Document:
    """One article: a file, or one record of a JSON / JSON Lines file."""

    doc_id: str
    path: str
    format: str = ""
    encoding: str = ""
    text: str = ""
    title: str = ""
    source: str = ""
    published: str = ""  # ISO 8601, reduced precision allowed: 2024-03-07, 2024-02, 2024, --02-19
    url: str = ""
    status: Status = Status.OK
    reason: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    lang: str = ""
    langs: dict[str, float] = field(default_factory=dict)

    @property
    def furniture_lines(self) -> int:
        return sum(p.furniture for p in self.paragraphs)

    @property
    def duplicate_paragraphs(self) -> int:
        return sum(p.duplicate for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Figure:
    """A money amount, percentage or count found in a string (offsets relative to that string)."""

    start: int
    end: int
    text: str  # exactly as written: string[start:end]
    kind: str  # "money" | "percent" | "quantity"
    value: float | None  # None when the number stated cannot be represented (`note` says why)
    value_max: float | None = None  # upper bound of a range
    unit: str = ""  # ISO 4217 for money, "%" or "pp" for percent, the counted noun in English otherwise
    qualifier: str = "exact"  # exact | approx | more_than | less_than | up_to
    note: str = ""  # why `value` is empty, in one line; else ""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a string (offsets relative to that string)."""

    start: int
    end: int
    text: str  # exactly as written
    # ISO 8601, reduced precision: 2024-02-16, 2024-02, 2024, 2023-Q3, 2023-H1, 2020-W16, --02-16, 2024/2025
    value: str
    source: str = "explicit"  # explicit | relative | inferred


@dataclass(frozen=True, slots=True)
class CompanyMention:
    """A company named in a string (offsets relative to that string)."""

    start: int
    end: int
    text: str  # exactly as written
    name: str  # canonical name


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that changes what a run produces; the CLI builds one of these."""

    lang_detector: str = "fasttext"  # fasttext | langdetect | lingua
    translator: str = "none"  # none | google | mymemory | libre | deepl | microsoft | ...
    translator_url: str | None = None  # a LibreTranslate server (--translator-url)
    companies_file: str | None = None
    cache_dir: str | None = None  # translations and results; default: the user cache directory
    use_cache: bool = True  # --no-cache bypasses the result cache
    jobs: int | None = None  # worker processes; None: the machine's cores
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # a Dask scheduler address; None: a local cluster
    time_budget: float = 60.0  # seconds per document before it becomes an `error` row; 0: none
    strict: bool = False
    debug: bool = False  # --debug: a bug met on one document stops the run with its traceback
    # (path, what it holds) of each file the command writes (`("news/claims.csv", "claims table")`):
    # never read as an input, even where an argument reaches it (a `skipped` row instead)
    outputs: tuple[tuple[str, str], ...] = ()
    # Build the mentions table (`DocResult.mentions`). The claims command without `--mentions` turns
    # it off: the rows are then not made at all (claim rows are the same either way).
    mentions: bool = True
