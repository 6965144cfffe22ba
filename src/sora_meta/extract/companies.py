"""Companies: find the companies a string names, by a multilingual gazetteer, tickers and corporate forms.

Three sources, in order of trust; a later one never overrides an earlier one on the same characters:

1. The gazetteer (`lang/_base/companies.csv`, plus an optional user CSV): every alias of every company,
   compiled into one trie-shaped regular expression and matched longest-first on the lowercased text.
   Latin aliases match on word boundaries (a Han character or punctuation is a boundary, so `使用OpenAI的`
   matches); CJK aliases match anywhere. Case rules follow from how an alias is written:
   - an alias in Title case or lower case (`Apple`, `Meta`, `Runway`, `vivo`) is a common-word risk: it
     matches only as written or in capitals (`APPLE`), never `apple pie`, and not before `-analysis`;
   - an alias in capitals or camel case (`NVIDIA`, `ElevenLabs`, `OpenAI`) of five letters or more is
     distinctive and matches in any case (`Nvidia`, `Elevenlabs`); shorter ones (`AMD`, `UBS`, `eBay`)
     match only as written.
   Spaces and hyphens inside an alias match any run of spaces or one hyphen, and a multi-word or camel-case
   alias also matches written solid or split (`Open AI`, `RealityLabs`). A possessive (`Huawei's`) leaves
   the name. A legal form after a name (`Nvidia Corp.`, `腾讯公司`) is included in the mention.
2. Tickers in context: `NASDAQ: NVDA`, `ADBE.US`, `0700.HK`, `(00700)`, `600519.SH`, `BBCA.JK`. A ticker
   of a known company names it; an unknown one right after a name (`Shutterstock (SSTK.US)`) makes that
   name a company.
3. Corporate forms: `Acme Corp.`, `Mondo Technology`, `PT Sumber Makmur Tbk`, `星辰科技`, `国盛证券`,
   `云从科技有限公司`. The canonical name of such a company drops the legal form (`Inc.`, `Corp.`,
   `Ltd`, `PLC`, `AG`, `PT`, `Tbk`, `有限公司`, ...) and keeps descriptive ones (`Group`, `Technology`,
   `Securities`, `Bank`, `集团`, `科技`, `证券`, ...); a name the gazetteer knows gets its canonical name.

Products are not companies: `ChatGPT`, `Sora`, `Vision Pro`, `WeChat` name no one, while `Meta Quest Pro`
or `Microsoft Office` still name the company. Platforms that news treats as companies in their own right
(`YouTube`, `LinkedIn`, `GitHub`, `Instagram`, `WhatsApp`, `TikTok`) are their own canonical names;
brands readers take for the company map to it (`Facebook` and `Reality Labs` to `Meta`, `Gojek` and
`Tokopedia` to `GoTo`, `Shopee` to `Sea Limited`).
"""

from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import io
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sora_meta import regexcache
from sora_meta.errors import InputError
from sora_meta.models import CompanyMention

__all__ = ["Company", "Gazetteer", "companies_in", "find_companies"]

_DATA_PACKAGE = "sora_meta.lang"
_DATA_FILE = "_base/companies.csv"
_COLUMNS = ("name", "aliases", "tickers", "country")

# Phrases that contain an alias but name no company; matched like aliases, so the longest match wins.
_BLOCKERS = (
    # machine translations of 元宇宙 'metaverse', and other false friends in Latin script
    "Meta Universe",
    "Meta Universes",
    "Big Apple",
    "Apple pie",
    "Amazon rainforest",
    "Amazon River",
    "Amazon basin",
    "Amazon jungle",
    # Chinese words that contain a company's short name
    "北京东",
    "南京东",
    "北京東",
    "南京東",
    "三星堆",
    "三星级",
    "三星級",
    "小米粥",
    "小米椒",
    "小米饭",
    "小米辣",
    "苹果树",
    "苹果汁",
    "苹果派",
    "苹果醋",
    "苹果园",
    "吃苹果",
    "红苹果",
    "青苹果",
    "蘋果樹",
    "蘋果汁",
    "阿里山",
    "阿里地区",
    "阿里郎",
    "穆罕默德·阿里",
    "联想到",
    "联想起",
    "联想力",
    "让人联想",
    "自由联想",
    "聯想到",
    "聯想起",
    "亚马逊河",
    "亚马逊雨林",
    "亚马逊流域",
    "亚马逊森林",
    "亞馬遜河",
    "高通胀",
    "高通脹",
    "高通量",
    "高通货",
    "花旗参",
    "花旗參",
    "完美光",
    "唯美光",
    "中国移动互联网",
    "中国移动支付",
    "中國移動互聯網",
    "滴滴答",
    "反思科",
    "沉思科",
    "最佳能",
    "集中兴",
    "其中兴",
    # Korean and Japanese words that contain a company's name
    "메타버스",
    "メタバース",
)

# Suffixes after a gazetteer name that belong to the mention (`Nvidia Corp.`, `腾讯公司`).
_LATIN_TAIL = re.compile(
    r",?[ \t\u00a0]+(?:Inc\.|Inc\b|Corp\.|Corp\b|Corporation\b|Co\.,? Ltd\.?|Ltd\.|Ltd\b|Limited\b|LLC\b|"
    r"PLC\b|plc\b|AG\b|N\.V\.|S\.A\.|Tbk\b)"
)
_CJK_TAIL = re.compile(r"(?:控股)?(?:集团|集團)?(?:股份)?(?:有限)?(?:公司)|(?:集团|集團|控股)")

_SEP = "\x00"  # a space or hyphen inside an alias
_SEP_RE = r" +|-"  # on text whose spaces and hyphens are folded by _FOLD_SEPS
_ODD_SEP_CHARS = "\t\u00a0\u3000‐‑–"  # what _FOLD_SEPS folds
_FOLD_SEPS = str.maketrans({"\t": " ", "\u00a0": " ", "\u3000": " ", "‐": "-", "‑": "-", "–": "-"})
_SEP_SPLIT = re.compile(r"[ \t\u00a0\u3000]+|[-‐‑–]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ALNUM_CLASS = r"0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_ALNUM = re.compile(f"[{_ALNUM_CLASS}]")
_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})")
_HYPHEN_WORD = re.compile(r"[-‐‑][a-z]+")
_HYPHEN_OK = frozenset(
    [
        "owned",
        "backed",
        "based",
        "led",
        "made",
        "funded",
        "branded",
        "style",
        "like",
        "related",
        "affiliated",
        "linked",
        "supported",
        "controlled",
        "run",
        "operated",
        "developed",
        "built",
        "designed",
        "powered",
    ]
)


@dataclass(frozen=True, slots=True)
class Company:
    """One row of the gazetteer."""

    name: str
    aliases: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    country: str = ""


@dataclass(frozen=True, slots=True)
class _Variant:
    """A way of writing an alias, with the case rule it carries."""

    name: str | None  # canonical name; None for a blocker
    written: str  # as written, separators replaced by _SEP
    rule: str  # "any" (any case) | "exact" (as written) | "title" (as written or in capitals)
    latin: bool


def _norm_key(s: str) -> str:
    """The trie key of a surface form: lowercase, separators folded."""
    return _SEP_SPLIT.sub(_SEP, s.lower())


def _case_rule(alias: str) -> str:
    letters = [c for c in alias if _LATIN.match(c)]
    if not letters:
        return "any"
    words = [w for w in re.split(r"[^A-Za-z\u00c0-\u024f]+", alias) if w]
    first = words[0] if words else ""
    # the first word decides: NVIDIA, OpenAI, eBay, iQIYI, SK hynix are distinctive; Scale AI is not
    if any(c.isupper() for c in first[1:]) or (first[:1].islower() and any(c.isupper() for c in first)):
        return "any" if len(letters) >= 5 else "exact"
    return "title"  # Apple, Goldman Sachs, vivo


def _variants(alias: str) -> set[str]:
    """Spellings of an alias: as written, solid, and split at camel-case joints."""
    out = {alias}
    parts = _SEP_SPLIT.split(alias)
    if len(parts) > 1 and all(_LATIN.search(p) for p in parts):
        out.add("".join(parts))
    split = _CAMEL.sub(" ", alias)
    if split != alias:
        out.add(split)
    return out


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF  # kana
        or 0x3400 <= o <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= o <= 0xD7AF  # hangul
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2FA1F
    )


def _lowered(text: str) -> str:
    """`text` lowercased character by character, with its odd separators folded (_FOLD_SEPS)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lowercase to two (İ): keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _has_odd_sep(low):
        low = low.translate(_FOLD_SEPS)
    return low


def _has_odd_sep(s: str) -> bool:
    """Whether `s` has a separator that _FOLD_SEPS folds (`in` is far faster than a regex class)."""
    if s.isascii():
        return "\t" in s
    return any(c in s for c in _ODD_SEP_CHARS)


def _needs_boundary(ch: str) -> bool:
    return ch.isalnum() and not _is_cjk(ch)


class _Node(dict[str, "_Node"]):
    """A trie node; `complete` marks the end of a key."""

    complete = False


def _trie_regexes(keys: Iterable[str]) -> tuple[str, str]:
    """Two regex alternations shaped as tries, the longest key first: Latin-initial keys and the others.

    Both start where a name can start, so the engine skips in C to there: the Latin one at a character
    that is not a letter or digit (it matches that boundary and the name after it, on the text with a space
    before it), the other at the first character of a CJK name. Every alternation is a flat list whose
    branches begin with distinct literal characters, which the engine tests without entering the branch;
    lookaround buckets cost more than they save. The end-of-word test sits at the end of each key, where
    its last character is known, so a key ending in a letter or digit only checks the next character.
    """
    root = _Node()
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, _Node())
        node.complete = True

    def emit(node: _Node, last: str) -> str:
        alts = [
            ("(?:" + _SEP_RE + ")" if ch == _SEP else re.escape(ch)) + emit(child, ch)
            for ch, child in sorted(node.items())
        ]
        if node.complete:  # a letter or digit must not go on; after anything else a name may end
            alts.append(f"(?![{_ALNUM_CLASS}])" if _ALNUM.fullmatch(last) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    def alternation(chars: list[str]) -> str:
        return "(?:" + "|".join(re.escape(ch) + emit(root[ch], ch) for ch in chars) + ")"

    firsts = sorted(root)
    latin = [ch for ch in firsts if _needs_boundary(ch)]
    other = [ch for ch in firsts if not _needs_boundary(ch)]
    never = r"(?!x)x"
    latin_re = f"[^{_ALNUM_CLASS}]" + alternation(latin) if latin else never
    other_re = alternation(other) if other else never
    return latin_re, other_re


class Gazetteer:
    """Companies with their aliases and tickers, and the matcher built from them."""

    def __init__(self, companies: Iterable[Company]) -> None:
        self.companies: dict[str, Company] = {}
        for c in companies:
            old = self.companies.get(c.name)
            if old is not None:  # a later row extends an earlier one
                c = Company(
                    c.name,
                    tuple(dict.fromkeys(old.aliases + c.aliases)),
                    tuple(dict.fromkeys(old.tickers + c.tickers)),
                    c.country or old.country,
                )
            self.companies[c.name] = c
        self._variants: dict[str, list[_Variant]] = {}
        self._names: dict[str, str] = {}  # folded alias -> canonical name
        self._tickers: dict[str, str] = {}
        for c in self.companies.values():
            for alias in (c.name, *c.aliases):
                self._names[_fold(alias)] = c.name
                for v in _variants(alias):
                    self._add(v, c.name)
            for t in c.tickers:
                for k in _ticker_keys(t):
                    self._tickers.setdefault(k, c.name)
        for b in _BLOCKERS:
            self._add(b, None)
        self._pattern = self._compile()

    def _add(self, surface: str, name: str | None) -> None:
        key = _norm_key(surface)
        if len(key) < 2 and not _is_cjk(key[:1] or "a"):
            return
        latin = bool(_LATIN.search(surface))
        v = _Variant(name, _SEP_SPLIT.sub(_SEP, surface), _case_rule(surface), latin)
        lst = self._variants.setdefault(key, [])
        if name is not None:
            # a user row wins over a packaged one for the same spelling
            lst[:] = [x for x in lst if x.name in (None, name) or x.written != v.written]
        lst.append(v)

    def _compile(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        latin, other = _trie_regexes(self._variants)
        # Names that need no word boundary (CJK ones) cannot start in ASCII text: skip that scan there.
        self._other_non_ascii = all(
            not key[0].isascii() for key in self._variants if key and not _needs_boundary(key[0])
        )
        return regexcache.compile(latin), regexcache.compile(other)

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """The packaged gazetteer, loaded once."""
        return _default()

    @classmethod
    def load(cls, extra: str | os.PathLike[str] | None = None) -> Gazetteer:
        """The packaged gazetteer, extended by a user CSV with the same columns when given.

        The file is read now, and the gazetteer is the one of its content at this moment.
        """
        if extra is None:
            return cls.default()
        return cls.extended(read_companies_file(Path(extra)), str(extra))

    @classmethod
    def extended(cls, data: bytes, source: str = "<companies>") -> Gazetteer:
        """The packaged gazetteer extended by the companies CSV whose bytes are `data`.

        Built once per content (a hash of `data` keys it, never a file name), so a file edited between
        two runs gives the new gazetteer, and workers handed the same bytes build the same one.
        """
        key = hashlib.sha256(data).hexdigest()
        gazetteer = _EXTENDED.get(key)
        if gazetteer is None:
            gazetteer = cls([*_packaged_rows(), *companies_rows(data, source)])
            _EXTENDED[key] = gazetteer
            while len(_EXTENDED) > _EXTENDED_KEPT:
                _EXTENDED.pop(next(iter(_EXTENDED)))
        return gazetteer

    @classmethod
    def from_csv_text(cls, text: str, source: str = "<string>") -> Gazetteer:
        """A gazetteer of only the rows of a CSV text (no packaged rows)."""
        return cls(_parse_csv(text, source))

    def __len__(self) -> int:
        return len(self.companies)

    def canonical(self, name: str) -> str | None:
        """The canonical name of a company written `name` (any alias, any case), or None."""
        return self._names.get(_fold(name))

    def ticker(self, symbol: str) -> str | None:
        """The canonical name of the company with ticker `symbol` (`NVDA`, `0700.HK`, `NASDAQ:NVDA`)."""
        for k in _ticker_keys(symbol):
            if k in self._tickers:
                return self._tickers[k]
        return None

    # -- matching -----------------------------------------------------------------------------------

    def find(self, text: str, lang: str = "") -> list[CompanyMention]:
        """The companies named in `text`: sorted, non-overlapping, offsets relative to `text`."""
        if not text:
            return []
        low = _lowered(text)
        found = self._gazetteer_matches(text, low)
        tickers = _ticker_hint(text)
        latin_forms = _FORM_HINT.search(text) is not None
        cjk_forms = not text.isascii() and _CJK_SUFFIX.search(text) is not None
        forms = latin_forms or cjk_forms or "PT" in text
        if not (tickers or forms):
            return found
        taken = _Spans(found)
        more = self._ticker_matches(text, taken) if tickers else iter(())
        rules = sorted(
            itertools.chain(more, self._form_matches(text, taken, latin_forms, cjk_forms) if forms else ()),
            key=lambda m: (m.start, -m.end),
        )
        last = 0
        for m in rules:  # the gazetteer's mentions first, then the earliest rule mention
            if m.start >= last and taken.free(m.start, m.end):
                found.append(m)
                last = m.end
        found.sort(key=lambda m: (m.start, m.end))
        return _drop_echoed_tickers(text, found)

    def _gazetteer_matches(self, text: str, low: str) -> list[CompanyMention]:
        latin_re, other_re = self._pattern
        spans = [(m.start(), m.end() - 1) for m in latin_re.finditer(" " + low)]  # less the space
        if not (self._other_non_ascii and low.isascii()):  # no name there starts in ASCII text
            n = len(low)
            more = []
            for m in other_re.finditer(low):
                s, e = m.span()
                if e - s <= 3 and s + 1 < n:
                    # a short CJK match may be the tail of a word; prefer a longer name starting one later
                    m2 = other_re.match(low, s + 1)
                    if m2 is not None and m2.end() > e and m2.end() - m2.start() > e - s:
                        s, e = m2.span()
                more.append((s, e))
            if more:  # the Latin spans come sorted and disjoint already
                spans += more
                spans.sort(key=lambda se: (se[0], -se[1]))
        found: list[CompanyMention] = []
        last = 0
        for s, e in spans:
            if s < last:
                continue
            name = self._accept(text, low, s, e)
            if name is None:
                continue
            e = _extend_tail(text, e)
            last = e
            found.append(CompanyMention(s, e, text[s:e], name))
        return found

    def _accept(self, text: str, low: str, s: int, e: int) -> str | None:
        key, surface = _key_and_surface(text, low, s, e)
        variants = self._variants.get(key)
        if not variants:
            return None
        for v in variants:
            if v.name is None:
                if v.rule == "any" or surface.lower() == v.written.lower():
                    return None  # a blocker: the phrase names no company
                continue
            if not _case_ok(v, surface):
                continue
            if v.latin and v.rule == "title" and e < len(text):
                hy = _HYPHEN_WORD.match(text, e)
                if hy is not None and hy.group()[1:] not in _HYPHEN_OK:
                    continue  # Meta-analysis
            return v.name
        return None

    def _ticker_matches(self, text: str, taken: _Spans) -> Iterator[CompanyMention]:
        for m in _TICKER.finditer(text):
            if m.group("exch"):
                raw = f"{m.group('exch').upper()}:{m.group('sym1')}"
            elif m.group("suf"):
                raw = f"{m.group('sym2')}.{m.group('suf')}"
            else:
                raw = m.group("sym3")
            s, e = m.span("tick") if m.group("tick") else m.span("tick3")
            name = self.ticker(raw)
            if name is not None:
                yield CompanyMention(s, e, text[s:e], name)
                continue
            if m.group("sym3") and not _A_SHARE.fullmatch(raw):
                continue  # (ABC) or (12345) is more often an acronym or a number than a ticker
            # an unknown ticker right after a name makes that name a company
            before = _name_before(text, s)
            if before is None:
                continue
            ns, ne = before
            if not taken.free(ns, ne):
                continue
            written = text[ns:ne]
            yield CompanyMention(ns, ne, written, self.canonical(written) or _strip_legal(written))

    def _form_matches(self, text: str, taken: _Spans, latin: bool, cjk: bool) -> Iterator[CompanyMention]:
        """Companies by their corporate form; `latin`, `cjk`: whether _FORM_HINT, _CJK_SUFFIX occur."""
        headline: bool | None = None
        for m in _LATIN_FORM.finditer(text) if latin else ():
            suffix = m.group("suffix")
            weak = suffix in _WEAK_SUFFIXES
            if weak and headline is None:
                headline = _is_headline(text)
            if weak and headline:
                continue
            words = m.group("name").split()
            while words and words[0] in _LEADING_STOP:
                words.pop(0)
            if not words or any(w.rstrip(".,") in _SUFFIX_WORDS or w in _LEADING_STOP for w in words):
                continue
            if weak and len(words) > 3:
                words = words[-3:]
            if len(words) == 1 and len(words[0]) < 2:
                continue
            name_part = " ".join(words)
            s = m.start("name") + m.group("name").index(words[0])
            e = m.end("suffix")
            written = text[s:e]
            if written in _NOT_COMPANIES or name_part in _NOT_COMPANIES:
                continue
            canon = self.canonical(name_part if not weak else written) or self.canonical(name_part)
            if canon is None:
                canon = _strip_legal(written)
            yield CompanyMention(s, e, written, canon)
        for m in _PT_FORM.finditer(text) if "PT" in text else ():
            words = [w for w in m.group("name").split() if w not in ("Tbk", "Tbk.", "(Persero)")]
            if not words or any(w in ("PT", "PT.") for w in words):
                continue
            s, e = m.start(), m.end()
            while e > s and text[e - 1] in " \t":
                e -= 1
            written = text[s:e]
            name_part = " ".join(words)
            yield CompanyMention(
                s, e, written, self.canonical(written) or self.canonical(name_part) or name_part
            )
        for m in _CJK_SUFFIX.finditer(text) if cjk else ():
            if not taken.free(m.start(), m.end()):
                continue  # part of a name the gazetteer found (腾讯公司)
            found = _cjk_name(text, m.start())
            if found is None:
                continue
            s = found
            e = m.end()
            written = text[s:e]
            suffix = m.group()
            core = text[s : m.start()]
            canon = self.canonical(written) or self.canonical(core)
            if canon is None:
                canon = core if suffix in _CJK_LEGAL else written
            yield CompanyMention(s, e, written, canon)


def _key_and_surface(text: str, low: str, s: int, e: int) -> tuple[str, str]:
    """The trie key and the written form of `text[s:e]`, separators replaced by _SEP.

    `low` has its odd separators folded to a space or a hyphen, so a span without either has none at all.
    """
    key = low[s:e]
    if " " in key or "-" in key:
        return _SEP_SPLIT.sub(_SEP, key), _SEP_SPLIT.sub(_SEP, text[s:e])
    return key, text[s:e]


def _case_ok(v: _Variant, surface: str) -> bool:
    if v.rule == "any":
        return True
    if surface == v.written:
        return True
    if v.rule == "title":
        # headlines in capitals; solid spellings of a split name (RealityLabs)
        return surface.isupper() and sum(c.isalpha() for c in surface) >= 3
    return False


def _extend_tail(text: str, e: int) -> int:
    if e == 0:
        return e
    last = text[e - 1]
    if _is_cjk(last):
        t = _CJK_TAIL.match(text, e)
        return t.end() if t else e
    if last.isalnum():
        if text.endswith((" Inc", " Corp", " Co", " Ltd"), 0, e) and text.startswith(".", e):
            return e + 1
        t = _LATIN_TAIL.match(text, e)
        if t is not None and (t.end() >= len(text) or not text[t.end()].isalnum()):
            return t.end()
    return e


class _Spans:
    """Occupied character ranges, to keep mentions from overlapping."""

    def __init__(self, mentions: Iterable[CompanyMention]) -> None:
        self._spans: list[tuple[int, int]] = sorted((m.start, m.end) for m in mentions)

    def free(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._spans, (s, s))
        if i < len(self._spans) and self._spans[i][0] < e:
            return False
        return not (i > 0 and self._spans[i - 1][1] > s)


def _drop_echoed_tickers(text: str, found: list[CompanyMention]) -> list[CompanyMention]:
    """`Adobe (ADBE.US)` names Adobe once, not twice."""
    out: list[CompanyMention] = []
    for m in found:
        if out and out[-1].name == m.name and m.start - out[-1].end <= 3:
            gap = text[out[-1].end : m.start]
            if gap.strip() in ("(", "（", "", ",") and _TICKER_SHAPE.search(m.text):
                continue
        out.append(m)
    return out


# -- tickers -----------------------------------------------------------------------------------------

_EXCHANGES = (
    "NASDAQ|Nasdaq|NYSE|NYSEARCA|AMEX|HKEX|HKG|SEHK|SSE|SZSE|SHA|SHE|IDX|TSE|TYO|KRX|KOSPI|KOSDAQ|TWSE|TPE|"
    "LSE|LON|ETR|FRA|EPA|AMS|SGX|NSE|BSE|ASX|TSX|OTC"
)
_SUFFIXES = "US|HK|SH|SS|SZ|JK|T|KS|KQ|TW|TWO|L|DE|PA|AS|SW|SI|NS|BO|AX|TO"
_TICKER = re.compile(
    r"(?P<tick>(?<![\w.])(?P<exch>"
    + _EXCHANGES
    + r")\s?[:：]\s?(?P<sym1>[A-Z][A-Z0-9.]{0,6}[A-Z0-9]|[A-Z]|\d{1,6})"
    r"|(?<![\w.])(?P<sym2>[A-Z][A-Z0-9]{0,5}|\d{4,6})\.(?P<suf>" + _SUFFIXES + r"))(?![\w])"
    r"|(?<=[(（])\s?(?P<tick3>(?P<sym3>[A-Z]{3,6}|\d{5,6}))\s?(?=[)）])"
)
# Whether a text may hold a ticker: `(ABCD)`, `(00700)`, `X.Y`, or a capital or digit before a colon, after
# an optional space (`[A-Z0-9][A-Z]*\s?:`). Each is searched from its punctuation, which is rare.
_TICKER_PAREN = re.compile(r"[(（]\s?(?:[A-Z]{3,6}|\d{5,6})\s?[)）]")
_TICKER_COLON = re.compile(r"[:：](?:(?<=[A-Z0-9].)|(?<=[A-Z0-9]\s.))")
_TICKER_DOT = re.compile(r"\.(?<=[A-Z0-9]\.)[A-Z]")
_TICKER_SHAPE = re.compile(r"\d{4,6}|[A-Z]{1,6}\.[A-Z]{1,3}|[:：]")
_A_SHARE = re.compile(r"(?:00[0-3]|30[01]|60[0-5]|688|689)\d{3}|\d{5}")


def _ticker_hint(text: str) -> bool:
    """Whether `text` has the shape of a ticker somewhere; `in` skips the searches that cannot match."""
    return (
        (("(" in text or "（" in text) and _TICKER_PAREN.search(text) is not None)
        or ((":" in text or "：" in text) and _TICKER_COLON.search(text) is not None)
        or _TICKER_DOT.search(text) is not None
    )


def _ticker_keys(t: str) -> list[str]:
    """Lookup keys of a ticker as written in the gazetteer or in text."""
    t = t.strip().upper().replace("：", ":").replace(" ", "")
    keys = [t]
    exch = ""
    if ":" in t:
        exch, t = t.split(":", 1)
        keys.append(t)
    sym, _, suf = t.partition(".")
    if suf in ("SS",):
        suf = "SH"
    if sym.isdigit():
        if (suf in ("HK", "") and len(sym) <= 5) or exch in ("HKEX", "HKG", "SEHK"):
            keys.append("#HK" + sym.lstrip("0"))
        if len(sym) == 6 and suf in ("SH", "SZ", ""):
            keys.append("#CN" + sym)
        if suf:
            keys.append(f"{sym.lstrip('0')}.{suf}")
    elif suf == "US" or (suf in ("N", "O") and len(sym) >= 1):
        keys.append(sym)
    elif suf:
        keys.append(f"{sym}.{suf}")
    return keys


def _name_before(text: str, end: int) -> tuple[int, int] | None:
    """The span of a company-like name just before `end` (before the ticker's parenthesis)."""
    window_start = max(0, end - 80)
    window = text[window_start:end]
    m = _LATIN_NAME_BEFORE.search(window)
    if m is not None:
        words = m.group(1).split()
        while words and words[0] in _LEADING_STOP:
            words.pop(0)
        if words:
            s = window_start + m.start(1) + m.group(1).index(words[0])
            return s, window_start + m.end(1)
    m = _CJK_NAME_BEFORE.search(window)
    if m is not None:
        cs = _cjk_name(text, window_start + m.end(1))
        if cs is not None:
            return cs, window_start + m.end(1)
    return None


_NAME_WORD = r"[A-Z][\w&'’\-]*"
_LATIN_NAME_BEFORE = re.compile(r"((?:" + _NAME_WORD + r"\s+){0,3}" + _NAME_WORD + r")\s*[(（]?\s*$")
_CJK_NAME_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,8})\s*[(（]?\s*$")

# -- corporate forms ---------------------------------------------------------------------------------

_LEGAL_SUFFIXES = (
    "Inc.",
    "Inc",
    "Corp.",
    "Corp",
    "Corporation",
    "Ltd",
    "Ltd.",
    "Limited",
    "LLC",
    "PLC",
    "plc",
    "AG",
    "SE",
    "S.A.",
    "N.V.",
    "Co.",
)
_WEAK_SUFFIXES = frozenset(
    ("Group", "Holdings", "Securities", "Technologies", "Technology", "Capital", "Bank")
)
_SUFFIX_WORDS = frozenset(s.rstrip(".") for s in _LEGAL_SUFFIXES) | _WEAK_SUFFIXES | {"PT", "Tbk"}
_LEADING_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "For",
        "By",
        "With",
        "And",
        "But",
        "Or",
        "Of",
        "From",
        "To",
        "As",
        "Both",
        "Its",
        "Their",
        "Our",
        "His",
        "Her",
        "Last",
        "Next",
        "Meanwhile",
        "However",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "Also",
        "Then",
        "Yet",
        "So",
        "If",
        "Although",
        "Though",
        "Because",
        "Former",
        "Rival",
        "Chinese",
        "American",
        "Japanese",
        "Korean",
        "Indonesian",
        "European",
        "Why",
        "How",
        "What",
        "Who",
        "Where",
        "Shares",
        "Stock",
        "Analysts",
        "According",
        "Under",
        "Over",
        "Into",
        "Like",
        "Unlike",
        "Including",
        "Among",
        "Between",
        "Only",
        "Even",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Dan",
        "Di",
        "Ke",
        "Dari",
        "Yang",
        "Oleh",
        "Untuk",
        "Dengan",
        "Pada",
        "Dalam",
        "Sementara",
        "Menurut",
        "Saham",
        "Bahkan",
        "Namun",
        "Selain",
        "Adapun",
        "Sedangkan",
        "Itu",
        "Ini",
    ]
)
_NOT_COMPANIES = frozenset(
    (
        "World Bank",
        "Central Bank",
        "European Central Bank",
        "Asian Development Bank",
        "People's Bank",
        "Reserve Bank",
        "Federal Reserve Bank",
        "Investment Bank",
        "Data Bank",
        "Food Bank",
        "West Bank",
        "Asian Infrastructure Investment Bank",
        "New Development Bank",
        "Export-Import Bank",
        "Bank Indonesia",
        "Information Technology",
        "Financial Technology",
        "Blood Bank",
        "Power Bank",
        "Venture Capital",
        "Human Capital",
        "Working Capital",
        "Private Capital",
        "Top Group",
        "Working Group",
        "Focus Group",
        "Research Group",
        "Study Group",
        "Peer Group",
        "Age Group",
        "Target Group",
        "Interest Group",
        "Pressure Group",
        "Advisory Group",
        "Expert Group",
        "Task Group",
        "Technology",
        "Technologies",
        "Advanced Technology",
        "Emerging Technologies",
        "Key Technologies",
        "Core Technology",
        "Digital Technology",
        "New Technology",
        "AI Technology",
        "Video Technology",
        "Chip Technology",
        "Generative AI Technology",
        "Capital",
        "Bank",
    )
)
_LATIN_FORM = re.compile(
    r"(?<![\w.&’'])(?P<name>(?:[A-Z0-9][\w&'’\-]*\.?[ \t]+){0,3}[A-Z][\w&'’\-]*),?[ \t]+"
    r"(?P<suffix>Inc\.|Inc\b|Corp\.|Corp\b|Corporation\b|Ltd\.|Ltd\b|Limited\b|LLC\b|PLC\b|plc\b|AG\b|SE\b|"
    r"S\.A\.|N\.V\.|Co\.(?![\w])|Group\b|Holdings\b|Securities\b|Technologies\b|Technology\b|Capital\b|"
    r"Bank\b)"
)
_FORM_HINT = re.compile(
    r"(?:Inc|Corp|Corporation|Ltd|Limited|LLC|PLC|plc|AG|SE|S\.A\.|N\.V\.|Co\.|Group|Holdings|Securities|"
    r"Technologies|Technology|Capital|Bank)\b"
)
# `PT(?<!\wPT)` rather than `(?<!\w)PT`: a pattern that starts with a literal is searched for that literal
_PT_FORM = re.compile(r"PT(?<!\wPT)\.?[ \t]+(?P<name>(?:(?:[A-Z0-9][\w&'’\-]*\.?|\(Persero\))[ \t]*){1,6})")


def _strip_legal(written: str) -> str:
    out = written.strip()
    changed = True
    while changed:
        changed = False
        for suf in sorted(_LEGAL_SUFFIXES, key=len, reverse=True):
            if out.endswith(" " + suf) or out.endswith("," + suf):
                out = out[: -len(suf)].rstrip(" ,")
                changed = True
    return out or written


def _is_headline(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", text[:400])
    if len(words) < 4:
        return False
    caps = sum(w[0].isupper() for w in words)
    return caps / len(words) >= 0.7


_CJK_SUFFIX = re.compile(
    r"股份有限公司|有限责任公司|有限責任公司|有限公司|公司|集团|集團|科技|证券|證券|银行|銀行|控股|股份"
)
_CJK_LEGAL = frozenset(("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司"))
_CJK_STOP_CHARS = frozenset(
    "的和与與在是了对對将將被由等及或把向于於为為以其这這那该該此各每也都就还還又而但并並且所着著过過给給让讓使据據称稱"
    "有会會要能可很更最不没沒到当當跟同说說看做用已曾"
)
_CJK_STOP_WORDS = (
    "宣布",
    "表示",
    "今天",
    "昨天",
    "近日",
    "日前",
    "目前",
    "此前",
    "同时",
    "包括",
    "旗下",
    "收购",
    "投资",
    "成立",
    "入股",
    "联合",
    "合作",
    "发布",
    "推出",
    "认为",
    "指出",
    "报告",
    "显示",
    "例如",
    "比如",
    "作为",
    "通过",
    "位于",
    "来自",
    "龙头",
    "巨头",
    "以及",
    "今年",
    "去年",
    "明年",
    "上周",
    "本周",
    "其中",
    "如今",
    "知名",
    "一家",
    "这家",
    "该家",
    "多家",
    "两家",
    "几家",
    "首家",
    "每家",
    "某家",
    "上市",
    "对手",
)
_CJK_GENERIC = (
    "科技",
    "互联网",
    "网络",
    "信息",
    "技术",
    "人工智能",
    "智能",
    "数字",
    "游戏",
    "汽车",
    "手机",
    "芯片",
    "半导体",
    "软件",
    "硬件",
    "能源",
    "电力",
    "电子",
    "证券",
    "保险",
    "基金",
    "银行",
    "投资",
    "上市",
    "大型",
    "小型",
    "国有",
    "国企",
    "民营",
    "私营",
    "外资",
    "中资",
    "美国",
    "中国",
    "日本",
    "韩国",
    "国内",
    "海外",
    "全球",
    "国际",
    "头部",
    "龙头",
    "巨头",
    "初创",
    "创业",
    "独角兽",
    "相关",
    "其他",
    "媒体",
    "传媒",
    "影视",
    "文化",
    "广告",
    "咨询",
    "研究",
    "金融",
    "控股",
    "集团",
    "公司",
    "股份",
    "有限",
    "责任",
    "开发",
    "服务",
    "平台",
    "电商",
    "零售",
    "消费",
    "医药",
    "生物",
    "制造",
    "工业",
    "通信",
    "运营商",
    "计算",
    "数据",
    "安全",
    "机器人",
    "视频",
    "社交",
    "内容",
    "教育",
    "旅游",
    "物流",
    "航空",
    "地产",
    "房地产",
    "商业",
    "新兴",
    "传统",
    "硬核",
    "领先",
    "头显",
    "设备",
    "母",
    "子",
    "分",
    "总",
    "大",
    "小",
    "新",
    "老",
    "高",
    "黑",
    "云",
    "本",
    "该",
    "各",
    "此",
    "全",
    "这",
    "那",
    "某",
    "一",
    "两",
    "几",
    "多",
    "每",
    "首",
    "家",
    "些",
    "类",
    "型",
    "级",
    "个",
    "们",
    "我",
    "你",
    "他",
    "她",
    "它",
    "贵",
    "本土",
    "大量",
    "许多",
    "很多",
    "一些",
    "部分",
    "众多",
    "所有",
    "不少",
    "各类",
    "各大",
)


_CJK_STOP_RE = re.compile("|".join(_CJK_STOP_WORDS))
_CJK_GENERIC_RE = re.compile("(?:" + "|".join(sorted(_CJK_GENERIC, key=len, reverse=True)) + ")+")


def _cjk_name(text: str, end: int) -> int | None:
    """Where a Chinese company name ending at `end` starts, or None when there is no name."""
    start = end
    while start > 0 and end - start < 6 and "\u4e00" <= text[start - 1] <= "\u9fff":
        if text[start - 1] in _CJK_STOP_CHARS:
            break
        start -= 1
    window = text[start:end]
    cut = 0
    for m in _CJK_STOP_RE.finditer(window):
        cut = m.end()
    start += cut
    core = text[start:end]
    if len(core) < 2 or _CJK_GENERIC_RE.fullmatch(core):
        return None
    return start


def _fold(name: str) -> str:
    return _SEP_SPLIT.sub(" ", name.strip()).casefold()


# -- loading -----------------------------------------------------------------------------------------


def _parse_csv(text: str, source: str) -> list[Company]:
    """Companies of a gazetteer CSV; InputError naming `source` when it cannot be one."""
    if "\x00" in text:
        raise InputError(f"{source}: not a text CSV file")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "name" not in fields:
        raise InputError(f"{source}: no 'name' column (expected columns: {', '.join(_COLUMNS)})")
    unknown = [f for f in fields if f and f not in _COLUMNS]
    if unknown:
        raise InputError(f"{source}: unknown column {unknown[0]!r} (expected columns: {', '.join(_COLUMNS)})")
    reader.fieldnames = fields
    out: list[Company] = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise InputError(f"{source}: line {line}: more fields than columns")
            name = (row.get("name") or "").strip()
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            tickers = tuple(t.strip() for t in (row.get("tickers") or "").split("|") if t.strip())
            country = (row.get("country") or "").strip().upper()
            if not name:
                if not aliases and not tickers:
                    continue  # a blank line
                raise InputError(f"{source}: line {line}: empty name")
            if country and not re.fullmatch(r"[A-Z]{2}", country):
                raise InputError(
                    f"{source}: line {line}: country {country!r} is not an ISO 3166 alpha-2 code"
                )
            out.append(Company(name, aliases, tickers, country))
    except csv.Error as exc:
        raise InputError(f"{source}: line {reader.line_num}: {exc}") from None
    return out


def read_companies_file(path: Path) -> bytes:
    """The bytes of a `--companies` file; InputError naming it when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read companies file: {exc.strerror or exc}") from None


def companies_rows(data: bytes, source: str) -> list[Company]:
    """The companies of a `--companies` file's bytes; InputError naming `source` when it cannot be one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{source}: companies file is not UTF-8") from None
    rows = _parse_csv(text, source)
    if not rows:
        raise InputError(f"{source}: companies file has no rows")
    return rows


# Gazetteers extended by a companies file, by the SHA-256 of the file's bytes: a few, for the workers of
# a process that runs several corpora (a Dask worker); what a key names cannot change, so none is stale.
_EXTENDED: dict[str, Gazetteer] = {}
_EXTENDED_KEPT = 4


@functools.cache
def _packaged_rows() -> tuple[Company, ...]:
    text = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return tuple(_parse_csv(text, _DATA_FILE))


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer(_packaged_rows())


# -- helpers -----------------------------------------------------------------------------------------


def find_companies(text: str, lang: str = "", gazetteer: Gazetteer | None = None) -> list[CompanyMention]:
    """The companies named in `text` (by the packaged gazetteer unless one is given)."""
    return (gazetteer or Gazetteer.default()).find(text, lang)


def companies_in(mentions: Iterable[CompanyMention]) -> list[str]:
    """Canonical names of the mentioned companies, most mentioned first, ties alphabetical."""
    counts = Counter(m.name for m in mentions)
    return sorted(counts, key=lambda n: (-counts[n], n.casefold(), n))
