"""Rewrite the generated parts of docs/languages.md: the development-set scores and the table schema.

    python scripts/languages_doc.py          # rewrite in place
    python scripts/languages_doc.py --check  # exit 1 when the schema part is out of date (run by the suite)

Everything between a `<!-- generated: NAME -->` line and the next `<!-- end -->` line is rewritten;
the rest of the page is written by hand. The check compares the schema only: the scores change with
every rule and are refreshed when the page is (the floors in tests/corpus/floors.json are what holds).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "languages.md"
sys.path.insert(0, str(ROOT))


def scores() -> str:
    from tests.corpus_scoring import KINDS, cases, floors, languages, score_language

    lines = [
        "| code | cases | " + " | ".join(f"{k} R / P (floor R / P)" for k in KINDS) + " |",
        "|---|---|" + "---|" * len(KINDS),
    ]
    pinned = floors()
    for lang in languages():
        got = score_language(lang)
        cells = []
        for kind in KINDS:
            s, f = got[kind], pinned.get(lang, {}).get(kind, {})
            if s.tp + s.fn + s.fp == 0:
                cells.append("–")
                continue
            cells.append(
                f"{s.recall:.2f} / {s.precision:.2f} ({f.get('recall', 0):.2f} / {f.get('precision', 0):.2f})"
            )
        lines.append(f"| {lang} | {sum(1 for _ in cases(lang))} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def schema() -> str:
    from sora_meta.lang.schema import markdown

    return markdown().strip()


GENERATORS = {"scores": scores, "schema": schema}
_BLOCK = re.compile(r"(<!-- generated: (\w+) -->\n)(.*?)(<!-- end -->)", re.S)


def render(page: str, only: tuple[str, ...] = tuple(GENERATORS)) -> str:
    def block(m: re.Match[str]) -> str:
        body = GENERATORS[m.group(2)]() + "\n" if m.group(2) in only else m.group(3)
        return m.group(1) + body + m.group(4)

    return _BLOCK.sub(block, page)


def main(argv: list[str]) -> int:
    page = PAGE.read_text(encoding="utf-8")
    if "--check" in argv:
        if render(page, only=("schema",)) != page:
            print("docs/languages.md is out of date: run python scripts/languages_doc.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(render(page), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
