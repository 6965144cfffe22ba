"""The schema of the language tables: per table file, its keys, their types and whether required.

A language folder `lang/<code>/` holds one JSON file per kind of table (`TABLES`); the shared
base `lang/_base/` holds the language-neutral part of some of them (`Key.where`). Loading a
file checks it against this schema and fails with `LanguageTableError` naming the file and the
key: an unknown key, a missing required key, a key in the wrong folder, or a value of the wrong
type. `python -m sora_meta.lang` prints it as the Markdown of docs/languages.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sora_meta.errors import SoraMetaError

__all__ = [
    "HOOKS",
    "TABLES",
    "Key",
    "LanguageTableError",
    "check_composed",
    "compose",
    "markdown",
    "validate",
]


class LanguageTableError(SoraMetaError):
    """A language table (or hooks module) that does not follow the schema."""


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


class _Type:
    """A JSON value type: `check` raises `_Mismatch` (with the path inside the value) when it does not fit."""

    def check(self, value: Any, path: str) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def plural(self) -> str:
        """`describe` for several values (`a list of …`)."""
        raise NotImplementedError


class _Mismatch(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _fail(t: _Type, value: Any, path: str) -> None:
    raise _Mismatch(path, f"expected {t.describe()}, got {_show(value)}")


@dataclass(frozen=True)
class Str(_Type):
    nonempty: bool = False

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, str) or (self.nonempty and not value):
            _fail(self, value, path)

    def describe(self) -> str:
        return "a non-empty string" if self.nonempty else "a string"

    def plural(self) -> str:
        return "non-empty strings" if self.nonempty else "strings"


@dataclass(frozen=True)
class Num(_Type):
    integer: bool = False
    low: float | None = None
    high: float | None = None

    def check(self, value: Any, path: str) -> None:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and self.integer:
            ok = isinstance(value, int)
        if ok and self.low is not None:
            ok = value >= self.low
        if ok and self.high is not None:
            ok = value <= self.high
        if not ok:
            _fail(self, value, path)

    def describe(self) -> str:
        return ("an integer" if self.integer else "a number") + self._range()

    def plural(self) -> str:
        return ("integers" if self.integer else "numbers") + self._range()

    def _range(self) -> str:
        if self.low is not None and self.high is not None:
            return f" {self.low:g}–{self.high:g}"
        if self.low is not None:
            return f" ≥ {self.low:g}"
        return ""


@dataclass(frozen=True)
class Bool(_Type):
    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, bool):
            _fail(self, value, path)

    def describe(self) -> str:
        return "true or false"

    def plural(self) -> str:
        return "true or false values"


@dataclass(frozen=True)
class Choice(_Type):
    values: tuple[Any, ...]

    def check(self, value: Any, path: str) -> None:
        if isinstance(value, bool) or value not in self.values:
            _fail(self, value, path)

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def plural(self) -> str:
        return "values among " + ", ".join(f"`{v}`" for v in self.values)


@dataclass(frozen=True)
class List(_Type):
    item: _Type

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            _fail(self, value, path)
        for i, x in enumerate(value):
            self.item.check(x, f"{path}[{i}]")

    def describe(self) -> str:
        return f"a list of {self.item.plural()}"

    def plural(self) -> str:
        return f"lists of {self.item.plural()}"


@dataclass(frozen=True)
class Pair(_Type):
    first: _Type
    second: _Type

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, list) or len(value) != 2:
            _fail(self, value, path)
        self.first.check(value[0], f"{path}[0]")
        self.second.check(value[1], f"{path}[1]")

    def describe(self) -> str:
        return f"a pair [{self.first.describe()}, {self.second.describe()}]"

    def plural(self) -> str:
        return f"pairs [{self.first.describe()}, {self.second.describe()}]"


@dataclass(frozen=True)
class Map(_Type):
    """An object whose keys are table entries (non-empty strings) and whose values are all `value`."""

    value: _Type

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            _fail(self, value, path)
        for k, v in value.items():
            if not k:
                raise _Mismatch(path, "an entry with an empty name")
            self.value.check(v, f"{path}.{k}")

    def describe(self) -> str:
        return f"an object: entry → {self.value.describe()}"

    def plural(self) -> str:
        return f"objects: entry → {self.value.describe()}"


@dataclass(frozen=True)
class Key:
    """One key of a table file (or of an object inside one)."""

    type: _Type
    doc: str
    required: bool = False
    # lang: only in a language's file; base: only in lang/_base/; both: in either (composed)
    where: str = "lang"


@dataclass(frozen=True)
class Obj(_Type):
    """An object with a fixed set of keys (unknown keys rejected, required ones checked)."""

    keys: Mapping[str, Key]

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            _fail(self, value, path)
        for k, v in value.items():
            if k not in self.keys:
                raise _Mismatch(f"{path}.{k}", f"unknown key (known: {', '.join(self.keys)})")
            self.keys[k].type.check(v, f"{path}.{k}")
        for k, spec in self.keys.items():
            if spec.required and k not in value:
                raise _Mismatch(f"{path}.{k}", "missing key")

    def describe(self) -> str:
        return "{" + ", ".join(k for k in self.keys if k != "_doc") + "}"

    def plural(self) -> str:
        return self.describe() + " objects"


@dataclass(frozen=True)
class Either(_Type):
    options: tuple[_Type, ...]

    def check(self, value: Any, path: str) -> None:
        errors = []
        for t in self.options:
            try:
                t.check(value, path)
                return
            except _Mismatch as exc:
                errors.append(exc)
        # the option of the value's own JSON type explains best (an object with a bad key)
        deepest = max(errors, key=lambda e: len(e.path))
        if deepest.path != path:
            raise deepest
        _fail(self, value, path)

    def describe(self) -> str:
        return " or ".join(t.describe() for t in self.options)

    def plural(self) -> str:
        return " or ".join(t.plural() for t in self.options)


# -- the tables ------------------------------------------------------------------------------------

_WORDS = List(Str(nonempty=True))
_GUARDS = {
    "not_before": Key(_WORDS, "the entry does not count right before one of these"),
    "not_after": Key(_WORDS, "the entry does not count right after one of these"),
    "only_before": Key(
        _WORDS, "the entry counts only right before one of these, a non-word character or the end (`块`)"
    ),
}
_QUALIFIER = Choice(("exact", "approx", "more_than", "less_than", "up_to"))
_ISO_CODE = Str(nonempty=True)


def _entry(value_key: str, value: _Type, doc: str) -> Either:
    """A table entry's value: written directly, or as an object with word guards."""
    return Either((value, Obj({value_key: Key(value, doc, required=True), **_GUARDS})))


_DOC = Key(Str(), "what the file holds (a comment; not read)", where="both")

FIGURES: dict[str, Key] = {
    "_doc": _DOC,
    "number_format": Key(
        Obj(
            {
                "decimal": Key(Choice((".", ",")), "the decimal mark", required=True),
                "group": Key(Choice((",", ".")), "the thousands separator", required=True),
                "space_groups": Key(
                    Bool(),
                    "whether a plain space between digit groups also separates thousands"
                    " (`20 000 euros`: `d{1,3}` then groups of exactly three; never after a longer number)",
                ),
            },
        ),
        "how digits are written (`1.234,5` in `id`); without it (a language with no folder) a number "
        "whose marks are ambiguous gives no figure",
        required=True,
    ),
    "magnitudes": Key(
        Map(_entry("value", Num(low=0), "the multiplier")),
        "magnitude words after a number (`billion`, `miliar`, `亿`) → multiplier (the base holds those every "
        "language's text may quote: `万`, `亿`)",
        required=True,
        where="both",
    ),
    "magnitude_suffixes": Key(
        Map(Num(low=0)), "magnitudes glued to the number, case-sensitive (`bn`, `jt`)", required=True
    ),
    "money_magnitude_suffixes": Key(
        Map(Num(low=0)),
        "single-letter magnitudes that count only with a currency or a counted noun (`$4K`, `Rp 5M`)",
        required=True,
    ),
    "number_words": Key(Map(Num(low=0)), "spelled numbers (`ten`, `dua puluh`)", required=True),
    "number_multipliers": Key(
        Map(Num(low=0)), "words that multiply the number before (`hundred`)", required=True
    ),
    "number_articles": Key(
        _WORDS, "articles that stand for one before a magnitude (`a million`)", required=True
    ),
    "chinese_numerals": Key(
        Obj(
            {
                "digits": Key(Map(Num(integer=True, low=0, high=9)), "numeral digits", required=True),
                "units": Key(Map(Num(low=10)), "positional units (十, 百, 千)", required=True),
                "big_units": Key(Map(Num(low=10)), "section units (万, 亿)", required=True),
                "decimal_point": Key(Str(nonempty=True), "the decimal point (点)"),
                "other_decimal_points": Key(_WORDS, "other ways to write it (traditional 點)"),
                "ordinal_prefix": Key(_WORDS, "a numeral right after one of these is an ordinal (第三)"),
                "unit_required": Key(
                    Bool(),
                    "a numeral holds a unit (오천, 이십) and follows no letter; a unit alone (만, 천) counts"
                    " only before a currency (Korean 일, 이, 사 are words too: 사원, 이건)",
                ),
            },
        ),
        "numerals written with characters (Chinese, Japanese)",
    ),
    "currency_prefix": Key(
        Map(_entry("code", _ISO_CODE, "ISO 4217 code")),
        "currency symbols and words before a number, case-sensitive (`US$`, `Rp`) → ISO 4217",
        where="both",
    ),
    "currency_suffix": Key(
        Map(_entry("code", _ISO_CODE, "ISO 4217 code")),
        "currency names after a number (`dollars`, `rupiah`, `元`) → ISO 4217 (the base holds those every "
        "language's text may quote: `元`, `美元`)",
        required=True,
        where="both",
    ),
    "currency_minor": Key(
        Map(
            Obj(
                {
                    "code": Key(_ISO_CODE, "ISO 4217 code of the major unit", required=True),
                    "factor": Key(Num(low=0), "the major units one minor unit is (`0.01`)", required=True),
                    "composite_only": Key(
                        Bool(),
                        "counts only right after an amount of the major unit (`五元三毛`)",
                    ),
                    **_GUARDS,
                },
            )
        ),
        "minor currency units after a number (`cents` → USD × 0.01, `pence`, `美分`); after an amount of "
        "the same currency they add to it (`3 dollars 50 cents` = 3.50)",
        where="both",
    ),
    "currency_minor_implied": Key(
        Map(
            Obj(
                {
                    "factor": Key(Num(low=0), "the major units the digit counts each (`0.1`)", required=True),
                    "only_before": Key(
                        _WORDS, "what may follow the digit besides a non-word character or the end"
                    ),
                },
            )
        ),
        "currency words after which a single digit 1–9 closing the amount counts minor units"
        " (`3块5` = 3.5 CNY, `一块二` = 1.2)",
    ),
    "currency_codes_upper_only": Key(
        List(_ISO_CODE),
        "ISO codes read only in capitals (the others are read in any case: `20 usd`): those that are "
        "words in lower case (`TRY`, `PEN`)",
        where="base",
    ),
    "percent_tenths": Key(
        Map(
            Obj(
                {
                    "half": Key(Str(nonempty=True), "a word after it that adds half a tenth (三成半 = 35%)"),
                    "pairs": Key(
                        Bool(),
                        "two digits before it are the percent itself (八五折 = 85%, 75折 = 75%)",
                    ),
                    "digit_after": Key(
                        Bool(),
                        "a digit right after it adds that many percent (三成五 = 35%, 一成一 = 11%); when a"
                        " word other than `digit_after_ok` follows that digit (三成五年), no figure",
                    ),
                    "digit_after_ok": Key(
                        _WORDS, "what may follow that digit (的, 左右, 以上) besides punctuation and spaces"
                    ),
                    "needs_before": Key(_WORDS, "the word counts only after one of these"),
                    **_GUARDS,
                },
            )
        ),
        "words after a number of tenths that make it a percent (七成 = 70%, 八折 = 80%)",
    ),
    "currency_code_multipliers": Key(
        Map(Num(low=0)),
        "letters before an ISO code that multiply the amount (`M` → 1e6: `MUSD 20`, `20 MEUR`)",
        where="base",
    ),
    "magnitude_fractions": Key(
        Map(Num(low=0)),
        "words before `a million` that take part of it (`half` → 0.5: `half a million`)",
    ),
    "magnitude_halves": Key(
        _WORDS,
        "words after a magnitude that add half of it to a whole number"
        " (`y medio`: `2 millones y medio` = 2.5e6)",
    ),
    "duration_cues": Key(
        _WORDS,
        "words right before a number of years, months, days… that make it a duration, not a figure "
        "(`the first 20 days`, `前20天`)",
    ),
    "negative_words": Key(
        Map(Obj(dict(_GUARDS))),
        "words right before a figure that make it negative (`minus 2 persen`, `负3%`)",
    ),
    "percent_fixed": Key(
        Map(
            Obj(
                {
                    "value": Key(Num(), "the percent", required=True),
                    "needs_before": Key(_WORDS, "the word counts only after one of these (打对折)"),
                    **_GUARDS,
                }
            )
        ),
        "words that are a percent by themselves (打对折 = 50%)",
    ),
    "currency_suffix_codes": Key(
        List(_ISO_CODE), "ISO codes read after a number (`5 billion USD`)", where="base"
    ),
    "currency_code_aliases": Key(
        Map(_ISO_CODE), "codes that stand for another (`RMB` → `CNY`)", where="base"
    ),
    "percent": Key(_WORDS, "percent signs and words after a number", required=True, where="both"),
    "percent_prefix": Key(_WORDS, "percent words before a number (百分之)"),
    "percent_prefix_scaled": Key(
        Map(Num(low=0)),
        "per-mille words before a number → the percent one unit is (千分之 → 0.1: 千分之五 = 0.5%)",
    ),
    "percentage_points": Key(_WORDS, "percentage-point words (`pp`)", required=True),
    "basis_points": Key(_WORDS, "basis-point words (read as 1/100 of a percentage point)", required=True),
    "range_connectors": Key(
        _WORDS, "what joins the ends of a range (`to`, `hingga`, `-`)", required=True, where="both"
    ),
    "range_connectors_paired": Key(
        Map(_WORDS),
        "connectors that join the ends of a range only after one of their lead words (`and` → [`between`]:"
        " `between $5 and $7`; `$5 and $7` stay two figures)",
    ),
    "verb_first": Key(
        Bool(),
        "whether a sentence often opens with its verb, the subject left out (`Apriranno 30 negozi`):"
        " then a capitalised first word before a count is no product name (`Windows 11 users`)",
    ),
    "count_adjectives": Key(
        _WORDS,
        "words that may stand between a number and its `counted_nouns` word (`new` of `1,500 new jobs`)",
    ),
    "rough_multipliers": Key(
        _WORDS,
        "`number_multipliers` that make a count approximate (`une centaine` is about a hundred):"
        " its qualifier is `approx`",
    ),
    "vague_multipliers": Key(
        _WORDS,
        "plural `number_multipliers` that, with no number before them, are a vague amount: no figure"
        " (`des centaines de salariés` is hundreds, not 100; `deux douzaines` still counts 24)",
    ),
    "vague_before": Key(
        _WORDS,
        "words right before a number written with words that make it vague: no figure"
        " (`数` of `数百元`, `hàng` of `hàng trăm tỷ đồng`: hundreds, not 100)",
    ),
    "title_brackets": Key(
        List(Pair(Str(nonempty=True), Str(nonempty=True))),
        "brackets of titles, no figure inside (《》)",
        where="base",
    ),
    "qualifiers_before": Key(
        Map(_entry("q", _QUALIFIER, "the qualifier")),
        "words before a number → qualifier (`more than` → `more_than`)",
        required=True,
    ),
    "qualifiers_infix": Key(
        Map(_entry("q", _QUALIFIER, "the qualifier")),
        "qualifiers between a number and its magnitude (三十多亿)",
    ),
    "qualifiers_after": Key(
        Map(_entry("q", _QUALIFIER, "the qualifier")),
        "words after a figure → qualifier (`or more`)",
        required=True,
    ),
    "counted_nouns": Key(
        Map(
            Either(
                (
                    Str(),
                    Obj(
                        {
                            "unit": Key(Str(), "the English unit", required=True),
                            "max": Key(Num(), "a larger number without a magnitude is no count"),
                            **_GUARDS,
                        },
                    ),
                )
            )
        ),
        "nouns that make a number a count → the English unit of the claim table (`pengguna` → `users`)",
        required=True,
    ),
    "counted_noun_limits": Key(Map(Num()), "counted noun → the largest number it counts without a magnitude"),
    "year_words": Key(_WORDS, "words before a year (`in 2023 companies` is no count)", required=True),
    "capitalised_ok": Key(
        _WORDS, "capitalised words after which a number can still be a count (`The 300 users`)", required=True
    ),
}

_PERIOD_KIND = Choice(("Q", "H"))
_PARTS = (
    "start",
    "early",
    "mid",
    "late",
    "end",
    "spring",
    "summer",
    "autumn",
    "winter",
)
DATES: dict[str, Key] = {
    "_doc": _DOC,
    "months": Key(
        Map(Num(integer=True, low=1, high=12)),
        "month names and abbreviations, in Title case (match Title case or UPPER only) → 1–12",
        required=True,
    ),
    "weekdays": Key(Map(Num(integer=True, low=0, high=6)), "weekday names → 0 (Monday)–6", required=True),
    "weekday_abbreviations": Key(
        Map(Num(integer=True, low=0, high=6)),
        "weekday abbreviations, read only next to a date",
        required=True,
    ),
    "textual_orders": Key(
        List(Choice(("month_day", "day_month"))),
        "orders of written dates (`March 7`, `7 Maret`)",
        required=True,
    ),
    "day_suffixes": Key(_WORDS, "ordinal endings of a day (`7th`)", required=True),
    "day_month_links": Key(List(Str()), "words between day and month (`7th of March`)"),
    "month_year_links": Key(List(Str()), "words between month and year (`March of 2024`)"),
    "numeric_order": Key(Choice(("mdy", "dmy", "ymd")), "order of numeric dates (`3/7/2024`)", required=True),
    "numeric_separators": Key(_WORDS, "separators of numeric dates", required=True),
    "range_words": Key(_WORDS, "words joining the ends of a date span (`to`, `hingga`, `至`)", required=True),
    "range_words_paired": Key(
        Map(_WORDS),
        "range words that join days only after one of their lead words (`and` → [`between`])",
    ),
    "relative": Key(
        Map(Pair(Choice(("day", "week", "month", "quarter", "half", "year")), Num(integer=True))),
        "relative dates, lower case → [unit, offset] (`yesterday` → [day, -1], `上季` → [quarter, -1])",
        required=True,
    ),
    "relative_blockers": Key(
        _WORDS, "words before a relative word that make it no date (`the` in `the next year`)", required=True
    ),
    "weekday_relative_before": Key(
        Map(Choice(("previous", "next", "prev_week", "this_week", "next_week", "nearest"))),
        "words before a weekday → which one (`last Friday`)",
        required=True,
    ),
    "weekday_relative_after": Key(
        Map(Choice(("previous", "next", "prev_week", "this_week", "next_week"))),
        "words after a weekday → which one (`Jumat lalu`)",
        required=True,
    ),
    "weekday_joiner": Key(
        Str(), "what stands between such a word and the weekday (default a space; `` for none)"
    ),
    "weekday_bare": Key(
        Bool(),
        "whether a weekday name alone is a date (`said on Wednesday`): the latest such day on or before"
        " publication, or the next on or after it after a `forward_cues` word",
    ),
    "weekday_alone_after": Key(
        _WORDS,
        "words right after a weekday that make it a date on their own (`günü` of `Salı günü`): the"
        " latest such day on or before publication, or the next after a `forward_cues` word",
    ),
    "weekday_bare_cues": Key(
        _WORDS, "when given, a bare weekday needs one of these words right before it (`pada`, `hari`)"
    ),
    "forward_cues": Key(
        _WORDS,
        "words before a year-less date, weekday or quarter in its sentence that make it look forward"
        " (`will`, `akan`, `将于`); default `future_cues`",
    ),
    "reporting_verbs": Key(
        _WORDS,
        "verbs of saying in the past (`said`, `announced`, `kata`, `表示`): a date in a clause of its"
        " own with one (`…, it said on Monday`, `，该公司周一表示`) is when it was said, not the time the"
        " `forward_cues` word before it points to",
    ),
    "fronted_forward_cues": Key(
        _WORDS,
        "future auxiliaries (`will`, `akan`, `将`): one within the first two words after a sentence-opening"
        " date and its comma (`In December, the bank will`) makes the date look forward",
    ),
    "forward_cues_after": Key(
        Bool(),
        "whether `forward_cues` also count after the date in its sentence"
        " (verb-final languages: `açıklanacak`, `करेगी`)",
    ),
    "relative_by_tense": Key(
        Map(Num(integer=True, low=1, high=7)),
        "day words whose direction is the sentence's tense → days (`कल` → 1: tomorrow with a `forward_cues`"
        " word in the sentence, yesterday with a `past_cues` word; no date with both or neither)",
    ),
    "past_cues": Key(_WORDS, "words of a sentence that looks back, for `relative_by_tense` (`था`, `किया`)"),
    "same_day": Key(_WORDS, "words meaning the date just mentioned (`当天`, `同日`)"),
    "days_from_last": Key(
        Map(Num(integer=True, low=-7, high=7)),
        "words meaning a day counted from the full date just mentioned → days (`次日` → 1, `the next day`"
        " → 1); no date without one in the 120 characters before. Not `the previous day` or `前日`: news"
        " writes them in comparisons (`up from $9 the previous day`, `前日比`), which are no dates",
    ),
    "day_words": Key(
        Map(Num(integer=True, low=1, high=31)),
        "days written as ordinal words → 1–31, read next to a month name (`March first`, `the third of May`)",
    ),
    "holidays": Key(
        Map(Pair(Num(integer=True, low=1, high=12), Num(integer=True, low=1, high=31))),
        "fixed-day holidays, as written (Title case or UPPER) → [month, day] (`Christmas Day` → [12, 25]):"
        " that day of the nearest year, or the next after a `forward_cues` word",
    ),
    "relative_counted": Key(
        Obj(
            {
                "before": Key(
                    Map(Num(integer=True, low=-1, high=1)),
                    "words before a count and unit → direction (`in` → 1)",
                ),
                "after": Key(
                    Map(Num(integer=True, low=-1, high=1)),
                    "words after a count and unit → direction (`ago` → -1)",
                ),
                "units": Key(
                    Map(Pair(Choice(("day", "week", "month", "year")), Num(integer=True, low=0))),
                    "unit words → [unit, the count when no number stands before]"
                    " (`days` → [day, 1], `يومين` → [day, 2];"
                    " 0: only after a number, for plurals that alone count nothing:"
                    " `vor Jahren`, `för år sedan`)",
                    required=True,
                ),
                "numbers": Key(Map(Num(integer=True, low=1)), "number words before a unit (`three` → 3)"),
                "not_before": Key(
                    _WORDS,
                    "words right before that make it no date (`के` of `X के 3 दिन बाद`);"
                    " `-dan`: a word ending so",
                ),
                "not_after": Key(
                    _WORDS, "words right after that make it no date (`после` of `через 3 дня после`)"
                ),
                "forward_only": Key(
                    _WORDS,
                    "`before` words that count only in a sentence that looks forward (`forward_cues`):"
                    " `will report in 3 days`, not `rose 5% in 3 days`",
                ),
            },
        ),
        "counted relative dates (`in 3 days`, `two weeks ago`, `через месяц`): the publication date moved by"
        " the count; days and weeks give a day, months a month, years a year",
    ),
    "month_alone_cues": Key(
        _WORDS, "words before a month name alone that make it a date (`in November`): the latest such month"
    ),
    "numeric_day_cues": Key(
        _WORDS,
        "words right before a numeric day and month without a year (or with two digits) that make it a date"
        " (`am 14.6.`, `den 14/6`, `am 17.06.24`)",
    ),
    "month_alone_after": Key(
        _WORDS,
        "words right after a month name alone that make it a date (`ayında`, `'ta`, `में`):"
        " as `month_alone_cues`",
    ),
    "period_parts": Key(
        Obj(
            {
                "before": Key(
                    Map(Choice(_PARTS)), "words before a year or year word → part (`early`, `akhir`)"
                ),
                "after": Key(Map(Choice(_PARTS)), "words after a year or year word → part (`底`)"),
                "links": Key(List(Str()), "between the part and the year (`of`, `-`)"),
                "year_nouns": Key(_WORDS, "words for the current year (`the year`, `tahun`, `年`)"),
                "month_nouns": Key(_WORDS, "words for the current month (`the month`, `bulan`)"),
                "season_relative": Key(
                    Map(Num(integer=True, low=-1, high=1)), "words before a season (`last`, `this`, `next`)"
                ),
            },
        ),
        "parts of years and months (`the end of 2024` → 2024-12, `early 2025`, `年底`, `last spring`)",
    ),
    "relative_weekdays": Key(
        Map(Num(integer=True, low=0, high=6)),
        "weekday words after those words, when not `weekdays` (上周`三`)",
    ),
    "periods": Key(
        Obj(
            {
                "standalone": Key(
                    List(_PERIOD_KIND), "kinds read without a year (the publication year)", required=True
                ),
                "order": Key(
                    Choice(("ordinal_noun", "noun_ordinal")),
                    "`third quarter` or `kuartal III`",
                    required=True,
                ),
                "joiners": Key(List(Str()), "between ordinal and noun", required=True),
                "nouns": Key(Map(_PERIOD_KIND), "`quarter` → Q, `half` → H", required=True),
                "ordinals": Key(Map(Num(integer=True, low=1, high=4)), "`third` → 3", required=True),
                "fixed": Key(Map(Str(nonempty=True)), "whole words → code (`上半年` → H1)", required=True),
                "codes": Key(Map(_PERIOD_KIND), "letters of codes such as `Q3`, `3Q`, `H1`", required=True),
                "standalone_cues": Key(
                    Map(_WORDS),
                    "kinds read without a year only after one of these words, or hyphenated (H → `in the`)",
                ),
                "spans": Key(
                    Map(Pair(Num(integer=True, low=1, high=12), Num(integer=True, low=1, high=12))),
                    "whole words → first and last month of a span of a year (`前三季度` → [1, 9])",
                ),
                "year_links_after": Key(List(Str()), "between the period and a year after it", required=True),
                "year_links_before": Key(
                    List(Str()), "between a year and the period after it", required=True
                ),
            },
        ),
        "quarters and halves (`Q3 2023`, `kuartal III 2023`, `2023年第三季度`)",
        required=True,
    ),
    "year_cues_before": Key(
        _WORDS, "words before a bare year that make it one (`in`, `tahun`, `在`)", required=True
    ),
    "year_cues_after": Key(_WORDS, "words after a bare year that make it one (`was`)", required=True),
    "thousands_grouped": Key(
        Bool(), "whether thousands are always grouped (then any bare 1900–2100 is a year without cue)"
    ),
    "quantity_cues": Key(_WORDS, "words before a number that make it no year (`more than`)", required=True),
    "unit_words": Key(
        _WORDS, "words after a number that make it no year (`million`, `orang`)", required=True
    ),
    "projection_cues_before": Key(
        _WORDS, "words before a year that make it a forecast (`by`), not the document's year", required=True
    ),
    "future_cues": Key(_WORDS, "future words of a forecast sentence (`will`, `akan`, `将`)", required=True),
    "not_dates": Key(_WORDS, "words that hold a relative word but are no date (`明日方舟`)", required=True),
    "forward_right_after": Key(
        _WORDS,
        "words right after a date without a year that make it the next one, not the last"
        " (`prochain` of `le 10 janvier prochain`, `next year` of `on January 10 next year`)",
    ),
    "fiscal_after": Key(
        _WORDS,
        "words right after a quarter or half that make it a fiscal one, no calendar date"
        " (`FY` of `Q3 FY24`: India's third fiscal quarter is October–December)",
    ),
    "fiscal_cues": Key(
        _WORDS,
        "words that, near a quarter or half in its sentence, make it a fiscal one, no calendar date"
        " (`fiscal` of `fiscal 2025 first quarter`, `财年` of `2024财年第三季度`)",
    ),
    "cjk": Key(
        Obj(
            {
                "year_marker": Key(Str(nonempty=True), "年", required=True),
                "month_marker": Key(Str(nonempty=True), "月", required=True),
                "day_markers": Key(_WORDS, "日, 号", required=True),
                "day_alone_not_after": Key(
                    List(Str()),
                    "a day written alone (`同社は5日、`, `지난 10일`) is a day of the publication month"
                    " (or the month before, when later than the publication day), unless one of these"
                    " follows it, after at most one space (`間`, `連続`, `동안`: a duration); without the key"
                    " a day alone needs a month before it",
                ),
                "year_suffixes": Key(_WORDS, "after 年 (`底`, `初`)", required=True),
                "month_suffixes": Key(_WORDS, "after 月 (`份`, `底`)", required=True),
                "range_marks": Key(_WORDS, "between the ends of a span (`至`, `到`)", required=True),
                "digits": Key(
                    Map(Num(integer=True, low=0, high=9)), "numeral digits of years and days", required=True
                ),
                "ten": Key(Str(nonempty=True), "十", required=True),
                "eras": Key(
                    Map(Num(integer=True, low=600, high=2200)),
                    "era names before a year of the era → the Gregorian year of its first year "
                    "(`令和` → 2019: 令和6年 = 2024)",
                ),
            },
        ),
        "dates written with 年/月/日 markers (Chinese, Japanese)",
    ),
}

METRICS: dict[str, Key] = {
    "_doc": _DOC,
    "metric_kinds": Key(
        Map(
            Obj(
                {"kinds": Key(List(Choice(("money", "percent", "quantity"))), "figure kinds", required=True)},
            )
        ),
        "each metric and the figure kinds it takes directly",
        where="base",
    ),
    "unit_metrics": Key(
        Map(Str(nonempty=True)), "counted nouns (claim `unit`) that name a metric", where="base"
    ),
    "window": Key(
        Num(integer=True, low=1), "how many characters from the figure a keyword may stand", required=True
    ),
    "comma_penalty": Key(
        Num(integer=True, low=0), "what crossing a comma costs, in characters", required=True
    ),
    "word_boundaries": Key(
        Bool(), "whether keywords match whole words only (false for Chinese)", required=True
    ),
    "bare_names_before": Key(
        Bool(), "whether a model name right before a metric word is its topic", required=True
    ),
    "bare_names_after": Key(
        Bool(), "whether a model name right after a metric word is its topic", required=True
    ),
    "topic_before_links": Key(
        List(Str()), "what joins a name before a metric word (`'s`, `的`)", required=True
    ),
    "topic_after_links": Key(List(Str()), "what joins a name after a metric word (`of`)", required=True),
    "segment_stops": Key(
        _WORDS,
        "words before a metric word that end its segment reading back, besides the companies table's"
        " `leading_stop_words`: verbs and adjectives that do not narrow it (`said`, `reported`, `record`,"
        " `total`: `Nvidia said data center revenue` is the data-center segment, `reported revenue` none)",
    ),
    "source_cues": Key(
        Obj(
            {
                "before": Key(
                    _WORDS, "words before a name, at most three words away, that cite it (`according to`)"
                ),
                "right_before": Key(
                    _WORDS, "words that cite a name only right before it (`secondo`: also `second`)"
                ),
                "after": Key(_WORDS, "words right after a name that cite it (`によると`, `zufolge`)"),
            }
        ),
        "what marks a company as the source a sentence cites, which is not the figure's subject"
        " (`According to Counterpoint, shipments rose 5%`)",
    ),
    "change_links": Key(List(Str()), "what joins a rise/fall word to a money figure (`by`)", required=True),
    "rise": Key(_WORDS, "words of a rise (`*` allows any ending)", required=True),
    "fall": Key(_WORDS, "words of a fall", required=True),
    "metrics": Key(Map(_WORDS), "metric (a key of `metric_kinds`) → its keywords", required=True),
}

COMPANIES: dict[str, Key] = {
    "_doc": _DOC,
    "gazetteer_blockers": Key(
        _WORDS,
        "phrases that hold a gazetteer alias but name no company (`Apple pie`, `三星堆`)",
        where="base",
    ),
    "legal_forms": Key(
        _WORDS,
        "corporate forms after a name (`Inc.`, `Tbk`): make a capitalised name a company, dropped from "
        "its canonical name, included in a gazetteer mention right after the name",
        required=True,
        where="both",
    ),
    "leading_stop_words": Key(
        _WORDS, "capitalised words that start a phrase, never a name (`The`)", required=True
    ),
    "descriptive_forms": Key(
        _WORDS, "words after a name that make it a company and stay in the name (`Group`)", required=True
    ),
    "not_companies": Key(_WORDS, "names with such a form that are no company (`World Bank`)", required=True),
    "hyphen_words": Key(
        _WORDS, "words after a hyphen that keep a title-case name a company (`Meta-owned`)", required=True
    ),
    "prefix_forms": Key(_WORDS, "corporate forms before a name (`PT`)", required=True),
    "ticker_cues": Key(
        Map(Str(nonempty=True)),
        "words right before a ticker in capitals → the exchange suffix it is looked up with "
        "(`saham` → `JK`: `saham TLKM` names Telkom Indonesia); only tickers the gazetteer knows count",
    ),
    "listing_words": Key(
        _WORDS,
        "words after a market and a hyphen that make the capitalised name after them a company "
        "(`listed`: `Nasdaq-listed Acme Robotics`)",
    ),
    "digit_name_cues": Key(
        Map(Choice(("before", "after"))),
        "words that make a name written with digits (`01.AI`, `4Paradigm`) a company, and where they stand: "
        "`before` the name (`startup 01.AI`, `shares of`) or `after` it (`4Paradigm said`)",
    ),
    "company_nouns": Key(
        Obj(
            {
                "before": Key(
                    _WORDS,
                    "nouns for a kind of company that news writes right before a company's name"
                    " (`chipmaker Qorvo`, `startup Mistral`, `retailer Target`): the capitalised words after"
                    " one (up to three) are a company",
                ),
                "not_names": Key(
                    _WORDS, "capitalised words that end such a name or, first, stop it (`CEO`, `Chief`)"
                ),
            }
        ),
        "a kind of company before an unknown name makes it a company",
    ),
    "prefix_form_markers": Key(
        List(Str(nonempty=True)), "words inside such a name that are not part of it (`Tbk`)", required=True
    ),
    "cjk_forms": Key(
        Obj(
            {
                "suffixes": Key(_WORDS, "words that end a company name (`公司`, `科技`)", required=True),
                "legal": Key(_WORDS, "the suffixes dropped from the canonical name", required=True),
                "stop_chars": Key(Str(), "characters a name never holds (`的`, `和`)", required=True),
                "stop_words": Key(_WORDS, "a name starts after the last of these (`宣布`)", required=True),
                "generic": Key(_WORDS, "a name made only of these is none (`一家科技公司`)", required=True),
                "tails": Key(
                    _WORDS,
                    "included in a gazetteer mention right after the name (`控股有限公司`)",
                    required=True,
                ),
            },
        ),
        "company names written with Han-character suffixes (`星辰科技`, `云从科技有限公司`)",
    ),
}

TEXT: dict[str, Key] = {
    "_doc": _DOC,
    "sentence_end": Key(
        Choice(("latin", "cjk")),
        "`latin`: `.!?` before a space and a capital, not after an abbreviation or an initial; "
        "`cjk`: `。！？；` wherever they stand. A language without a folder gets `latin`",
        required=True,
    ),
    "abbreviations": Key(
        List(Str(nonempty=True)),
        "words (lower case, without the final dot) after which a full stop ends no sentence (`inc`, `rp`)",
        required=True,
        where="both",
    ),
}

# kind -> keys; each kind is the file `<kind>.json` of a language folder (and of lang/_base/ when a key may
# stand there).
TABLES: dict[str, dict[str, Key]] = {
    "figures": FIGURES,
    "dates": DATES,
    "metrics": METRICS,
    "companies": COMPANIES,
    "text": TEXT,
}

# The functions a language's hooks.py may define (anything else public is an error).
HOOKS: dict[str, str] = {
    "extend": "`extend(kind: str, table: dict) -> dict`: called once when the language's `<kind>.json` "
    "loads, with the file's content; returns the table to use (checked against the schema again). "
    "For entries a list cannot hold reasonably: generated words such as German compound numbers.",
}


def _cross_checks(kind: str, table: Mapping[str, Any]) -> str | None:
    """What is wrong across keys of a composed table (None when nothing): what a type cannot say."""
    if kind == "figures":
        fmt = table.get("number_format")
        if fmt and fmt["decimal"] == fmt["group"]:
            return "number_format: the decimal mark and the thousands separator are the same"
    if kind == "metrics":
        known = table.get("metric_kinds", {})
        for name in table.get("metrics", {}):
            if name not in known:
                return f"metrics.{name}: not a metric of lang/_base/metrics.json's metric_kinds"
    if kind == "companies":
        cjk = table.get("cjk_forms")
        if cjk:
            extra = [x for x in cjk["legal"] if x not in cjk["suffixes"]]
            if extra:
                return f"cjk_forms.legal: {extra[0]!r} is not one of cjk_forms.suffixes"
    return None


def validate(kind: str, data: Any, source: str, *, base: bool = False) -> None:
    """Check one table file's content; `LanguageTableError` naming `source` and the key when it is wrong."""
    keys = TABLES[kind]
    if not isinstance(data, dict):
        raise LanguageTableError(f"{source}: expected a JSON object, got {_show(data)}")
    for k, value in data.items():
        spec = keys.get(k)
        if spec is None:
            raise LanguageTableError(f"{source}: unknown key {k!r} (known: {', '.join(keys)})")
        if base and spec.where == "lang":
            raise LanguageTableError(f"{source}: key {k!r} belongs in a language's {kind}.json, not the base")
        if not base and spec.where == "base":
            raise LanguageTableError(f"{source}: key {k!r} belongs in lang/_base/{kind}.json")
        try:
            spec.type.check(value, k)
        except _Mismatch as exc:
            raise LanguageTableError(f"{source}: {exc.path}: {exc.message}") from None
    if not base:
        for k, spec in keys.items():
            if spec.required and k not in data:
                raise LanguageTableError(f"{source}: missing key {k!r} ({spec.doc})")


def check_composed(kind: str, table: Mapping[str, Any], source: str) -> None:
    """The cross-key checks of a language's table composed with the base."""
    problem = _cross_checks(kind, table)
    if problem:
        raise LanguageTableError(f"{source}: {problem}")


def markdown() -> str:
    """The schema as Markdown tables, one per table file (docs/languages.md holds this text)."""
    out: list[str] = []
    where = {"lang": "language", "base": "base", "both": "both"}

    def rows(keys: Mapping[str, Key], prefix: str) -> None:
        for name, spec in keys.items():
            if name == "_doc":
                continue
            need = "yes" if spec.required else "no"
            out.append(
                f"| `{prefix}{name}` | {spec.type.describe()} | {need} | {where[spec.where]} | {spec.doc} |"
            )
            inner = spec.type
            if isinstance(inner, Map) and isinstance(inner.value, Obj):
                rows(inner.value.keys, f"{prefix}{name}.*.")
            elif isinstance(inner, Obj):
                rows(inner.keys, f"{prefix}{name}.")

    for kind, keys in TABLES.items():
        out += [
            f"#### `{kind}.json`",
            "",
            "| key | type | required | where | what |",
            "|---|---|---|---|---|",
        ]
        rows(keys, "")
        out.append("")
    out += ["#### `hooks.py`", "", "| function | what |", "|---|---|"]
    out += [f"| `{name}` | {doc} |" for name, doc in HOOKS.items()]
    return "\n".join(out) + "\n"


def compose(base: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """A language's table composed with the base: objects merged (the language wins), lists joined."""
    out = {k: v for k, v in base.items() if not k.startswith("_")}
    for key, value in own.items():
        if key.startswith("_"):
            continue
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = {**old, **value}
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        else:
            out[key] = value
    return out
