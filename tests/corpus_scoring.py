"""Score the per-language development sets in `tests/corpus/<lang>/*.jsonl` (docs/languages.md).

Each line of a case file is one case, written by us in the style of real news:

    {"id": "de-money-003", "text": "...", "published": "2024-03-15",
     "figures": [{"value": 2100000000, "unit": "EUR", "kind": "money", "text": "2,1 Milliarden Euro"}],
     "dates": [{"value": "2024-03-03", "text": "3. März"}],
     "companies": ["Siemens"]}

A kind left out of a case is not checked there; a kind given as `[]` is a negative case (nothing
of that kind may be found). Figures match on value (relative tolerance 1e-6), unit and, when
given, `value_max`; dates on the ISO value; companies on the canonical name; `text` only
documents what was meant. The text is read as its folder's language (detection has its own
tests), through the same cleaning, sentence splitting and extraction as a run: the mentions
table is what is scored.

Run `python tests/corpus_scoring.py [lang ...]` to print the scores and every miss and false find.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "corpus"
KINDS = ("figures", "dates", "companies")
_MENTION_KIND = {"figures": "figure", "dates": "date", "companies": "company"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def languages() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def cases(lang: str) -> Iterator[dict[str, Any]]:
    for path in sorted((ROOT / lang).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                case.setdefault("id", f"{path.name}:{n}")
                yield case


def mentions(text: str, lang: str, published: str = "") -> list[dict[str, Any]]:
    """The mentions table rows of `text` read as language `lang`."""
    from sora_meta.claims import document_claims
    from sora_meta.extract.companies import Gazetteer
    from sora_meta.ingest.clean import clean
    from sora_meta.models import Document, Sentence
    from sora_meta.segment import split_sentences

    doc = Document(doc_id="case", path="", text=text, published=published, lang=lang)
    doc.paragraphs = clean(text)
    doc.langs = {lang: 1.0}
    for index, para in enumerate(doc.paragraphs):
        para.lang = lang
        for start, end in split_sentences(text[para.start : para.end], lang):
            doc.sentences.append(Sentence(para.start + start, para.start + end, lang, index))
    return document_claims(doc, Gazetteer.default()).mentions


def _figure_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row.get("value"), row.get("unit") or "", row.get("value_max"))


def _same_figure(want: dict[str, Any], got: dict[str, Any]) -> bool:
    def close(a: Any, b: Any) -> bool:
        if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
            return (a is None or a != a) and (b is None or b != b)
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)

    if not close(want["value"], got.get("value")):
        return False
    if "unit" in want and (want["unit"] or "") != (got.get("unit") or ""):
        return False
    return not ("value_max" in want and not close(want["value_max"], got.get("value_max")))


def score_case(case: dict[str, Any], lang: str, scores: dict[str, Score]) -> None:
    rows = mentions(case["text"], lang, case.get("published", ""))
    for kind in KINDS:
        if kind not in case:
            continue
        score = scores[kind]
        found = [r for r in rows if r["kind"] == _MENTION_KIND[kind]]
        wanted = list(case[kind])
        unmatched = list(found)
        for want in wanted:
            hit = None
            for got in unmatched:
                if kind == "figures":
                    ok = _same_figure(want, got)
                elif kind == "dates":
                    ok = got["date"] == want["value"]
                else:
                    ok = got["name"] == want
                if ok:
                    hit = got
                    break
            if hit is None:
                score.fn += 1
                score.misses.append(f"{case['id']}: missed {json.dumps(want, ensure_ascii=False)}")
            else:
                score.tp += 1
                unmatched.remove(hit)
        for got in unmatched:
            # a company named twice is one expectation met twice, not a false find
            if kind == "companies" and got["name"] in wanted:
                continue
            if kind == "dates" and got["date"] in {w["value"] for w in wanted}:
                continue
            score.fp += 1
            what = got["text"] + " → " + str(got["date"] if kind == "dates" else got["name"] or got["value"])
            unit = f" {got['unit']}" if kind == "figures" and got.get("unit") else ""
            score.wrong.append(f"{case['id']}: found {what}{unit}")


def score_language(lang: str) -> dict[str, Score]:
    scores = {kind: Score() for kind in KINDS}
    for case in cases(lang):
        score_case(case, lang, scores)
    return scores


def floors() -> dict[str, dict[str, dict[str, float]]]:
    path = ROOT / "floors.json"
    data: dict[str, dict[str, dict[str, float]]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def main(argv: Iterable[str]) -> int:
    langs = list(argv) or languages()
    for lang in langs:
        scores = score_language(lang)
        n = sum(1 for _ in cases(lang))
        line = "  ".join(
            f"{kind} R={s.recall:.3f} P={s.precision:.3f} ({s.tp}/{s.tp + s.fn})"
            for kind, s in scores.items()
        )
        print(f"{lang} ({n} cases)  {line}")
        for s in scores.values():
            for text in s.misses + s.wrong:
                print("   ", text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main(sys.argv[1:]))
