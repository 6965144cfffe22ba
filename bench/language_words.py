"""How much of a paragraph fastText must read: accuracy by prefix length on random-word paragraphs.

    pip install 'sora-meta[bench]'      # faker, for its word lists
    python bench/language_words.py [--per-language 300]

Paragraphs of 60-700 characters are drawn (seeded) from faker's lorem word lists in 20 languages:
words without grammar, a harder test than news text. Each setting is scored against the list's
language with fastText's top label, as `sora_meta.language` reads it; the last setting is the one the
pipeline uses (a short first look, a longer one only when unsure).
"""

from __future__ import annotations

import argparse
import importlib
import random
import time

from sora_meta.language import (
    FASTTEXT_CHARS,
    FASTTEXT_FIRST_CHARS,
    FASTTEXT_SURE,
    _fasttext_model,
    _rank_fasttext,
)

LOCALES = (
    *("ar_AA", "az_AZ", "bn_BD", "cs_CZ", "da_DK", "de_DE", "el_GR", "en_US", "es_ES", "fa_IR"),
    *("fr_FR", "he_IL", "hy_AM", "it_IT", "nl_NL", "pl_PL", "ru_RU", "th_TH", "uk_UA", "vi_VN"),
)


def paragraphs(per_language: int, seed: int = 1) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for loc in LOCALES:
        words = list(importlib.import_module(f"faker.providers.lorem.{loc}").Provider.word_list)
        for _ in range(per_language):
            size, text = rnd.randint(60, 700), ""
            while len(text) < size:
                text += rnd.choice(words) + " "
            out.append((loc.split("_")[0], text.strip()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    samples = paragraphs(args.per_language)
    model = _fasttext_model()

    def top(text: str) -> str:
        return str(model.predict(text.replace("\n", " "), k=1)[0][0]).removeprefix("__label__")

    print(f"{len(samples)} paragraphs, {len(LOCALES)} languages")
    settings = [(f"first {n} characters", lambda t, n=n: top(t[:n])) for n in (60, 100, 200, FASTTEXT_CHARS)]
    settings.append(
        (
            f"pipeline: {FASTTEXT_FIRST_CHARS}, then {FASTTEXT_CHARS} below p={FASTTEXT_SURE}",
            lambda t: _rank_fasttext(t)[0][0],
        )
    )
    for name, label in settings:
        started = time.perf_counter()
        right = sum(label(text) == lang for lang, text in samples)
        elapsed = time.perf_counter() - started
        print(
            f"{name:42s} {right / len(samples):.4f} right  {elapsed / len(samples) * 1e6:6.1f} µs/paragraph"
        )


if __name__ == "__main__":
    main()
