"""The per-language development sets (`tests/corpus/<lang>/`) score at least their pinned floors.

Adding a language adds a folder there and its floors in `tests/corpus/floors.json`; a change
may raise a floor, never lower it (docs/languages.md).
"""

from __future__ import annotations

import pytest

from tests.corpus_scoring import KINDS, cases, floors, languages, score_language


def test_every_language_folder_has_floors_and_every_floor_a_folder() -> None:
    assert sorted(floors()) == languages()


@pytest.mark.parametrize("lang", languages())
def test_development_set_scores_at_least_its_floor(lang: str) -> None:
    assert sum(1 for _ in cases(lang)) > 0
    scores = score_language(lang)
    floor = floors()[lang]
    report = []
    for kind in KINDS:
        s = scores[kind]
        for measure in ("recall", "precision"):
            got, want = getattr(s, measure), floor.get(kind, {}).get(measure, 0.0)
            if got + 1e-9 < want:
                report.append(f"{kind} {measure} {got:.3f} < floor {want:.3f}")
                report.extend(s.misses[:20] + s.wrong[:20])
    assert not report, "\n".join(report)
