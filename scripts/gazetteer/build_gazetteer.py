"""Build the packaged gazetteer `src/sora_meta/lang/_base/companies.csv` from the hand-written lists here.

Each file `sources/<market>.csv` (columns `name,aliases,tickers,country,parent`; `|` between several
aliases or tickers) lists the companies of one market or kind, written by the team from public knowledge:
index constituents, large private companies, news agencies and outlets, research and market-data firms,
stock exchanges. `name` is the English canonical name; aliases are the ways news writes it, in every
script (simplified and traditional Chinese, Japanese, hangul, Cyrillic, Arabic, Devanagari, Thai,
Vietnamese); `parent` names the owner of a brand that is a company in its own right (`Instagram` → Meta).

A name listed in several files is one company (aliases and tickers joined, in file order). The build fails
when one alias would name two companies, or when a parent is no company of the list. The output is sorted
and deterministic: `python scripts/gazetteer/build_gazetteer.py` writes it, `--check` tells whether the
committed file is what the sources give (tests/test_gazetteer_build.py runs it).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUTPUT = HERE.parents[1] / "src" / "sora_meta" / "lang" / "_base" / "companies.csv"
COLUMNS = ("name", "aliases", "tickers", "country", "parent")


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _fold(s: str) -> str:
    return re.sub(r"[\s\-‐‑–]+", " ", s.strip()).casefold()


def build(sources: Path = SOURCES) -> str:
    """The gazetteer CSV text the source lists give; ValueError naming the file and line when one is wrong."""
    rows: dict[str, dict[str, object]] = {}
    owner: dict[str, str] = {}  # folded alias -> canonical name
    for path in sorted(sources.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise ValueError(f"{path.name}: columns must be {','.join(COLUMNS)}")
            for rec in reader:
                where = f"{path.name}:{reader.line_num}"
                name = (rec["name"] or "").strip()
                if not name:
                    raise ValueError(f"{where}: empty name")
                country = (rec["country"] or "").strip().upper()
                if country and not re.fullmatch(r"[A-Z]{2}", country):
                    raise ValueError(f"{where}: country {country!r} is no ISO 3166 alpha-2 code")
                row = rows.setdefault(name, {"aliases": [], "tickers": [], "country": "", "parent": ""})
                aliases: list[str] = row["aliases"]  # type: ignore[assignment]
                tickers: list[str] = row["tickers"]  # type: ignore[assignment]
                for alias in [name, *_split(rec["aliases"])]:
                    key = _fold(alias)
                    if owner.setdefault(key, name) != name:
                        raise ValueError(f"{where}: alias {alias!r} names both {owner[key]!r} and {name!r}")
                    if alias != name and alias not in aliases:
                        aliases.append(alias)
                for t in _split(rec["tickers"]):
                    if t not in tickers:
                        tickers.append(t)
                row["country"] = country or row["country"]
                row["parent"] = (rec["parent"] or "").strip() or row["parent"]
    for name, row in rows.items():
        if row["parent"] and row["parent"] not in rows:
            raise ValueError(f"{name}: parent {row['parent']!r} is no company of the list")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for name in sorted(rows, key=lambda n: (n.casefold(), n)):
        row = rows[name]
        writer.writerow(
            [name, "|".join(row["aliases"]), "|".join(row["tickers"]), row["country"], row["parent"]]  # type: ignore[arg-type]
        )
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file differs")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        same = OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT}: {'up to date' if same else 'differs from the sources: run the build'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT}: {text.count(chr(10)) - 1} companies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
