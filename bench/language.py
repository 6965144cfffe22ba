"""Language detectors on the seed paragraphs: accuracy against each document's language, and speed.

python bench/language.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sora_meta.language import label_parts

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Each seed paragraph's expected label: the document's language, except 004's Chinese title.
EXPECTED = {"000": "en", "001": "id", "002": "en", "003": "zh", "004": "en"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the seeds for the speed figure")
    args = parser.parse_args()
    docs = {
        p.name[:3]: [line.strip() for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        for p in sorted(SEEDS.glob("*.txt"))
    }
    total = sum(len(lines) for lines in docs.values())
    print(f"{total} paragraphs in {len(docs)} seed documents")
    for detector, repeat in (("fasttext", args.repeat), ("langdetect", 1), ("lingua", 1)):
        try:
            label_parts(docs["000"], detector)  # load the model outside the timing
        except Exception as exc:  # lingua is an optional extra
            print(f"{detector:10s} not available: {exc}")
            continue
        wrong = 0
        started = time.perf_counter()
        for _ in range(repeat):
            wrong = 0
            for key, lines in docs.items():
                labels, _, _ = label_parts(lines, detector)
                wrong += sum(
                    label != EXPECTED[key] and not (key == "004" and label == "zh" and "的" in line)
                    for label, line in zip(labels, lines, strict=True)
                )
        elapsed = time.perf_counter() - started
        print(f"{detector:10s} wrong {wrong}/{total}  {total * repeat / elapsed:,.0f} paragraphs/s")


if __name__ == "__main__":
    main()
