"""A deterministic synthetic multilingual corpus built from the seed articles.

Each document is one of the seeds with its figures, dates and companies varied by seeded
substitution: digit runs get other digits of the same shape (years stay plausible years),
month names are swapped within their language, and company names are swapped for other
companies of the same script. The same (seed, index) always gives the same bytes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_MONTHS_EN = _words("January February March April May June July August September October November December")
_MONTHS_ID = _words("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember")
_LATIN_COMPANIES = _words(
    "OpenAI Google Microsoft Meta Apple NVIDIA Amazon Adobe Tencent Alibaba Baidu ByteDance Samsung "
    "Huawei Xiaomi Netflix Sony Intel AMD Qualcomm Tokopedia Shopee Gojek Bukalapak Telkom"
)
_CJK_COMPANIES = _words(
    "腾讯 阿里巴巴 百度 字节跳动 华为 小米 英伟达 微软 谷歌 苹果公司 京东 美团 网易 快手 万兴科技"
)
_LATIN_RE = re.compile(r"\b(?:" + "|".join(_LATIN_COMPANIES) + r")\b")
_CJK_RE = re.compile("|".join(sorted(_CJK_COMPANIES, key=len, reverse=True)))
_ALL_MONTHS = sorted({*_MONTHS_EN, *_MONTHS_ID}, key=lambda w: (-len(w), w))
_MONTH_RE = re.compile(r"\b(?:" + "|".join(_ALL_MONTHS) + r")\b")
_DIGITS = re.compile(r"\d+")


def _vary_digits(rng: random.Random, run: str) -> str:
    if len(run) == 4 and run.startswith(("19", "20")):
        return str(rng.randint(2015, 2030))
    out = [str(rng.randint(1 if run[0] != "0" else 0, 9))]
    out += [str(rng.randint(0, 9)) for _ in run[1:]]
    return "".join(out)


def vary(text: str, rng: random.Random) -> str:
    """`text` with its numbers, months and companies varied by `rng`.

    Within a document the same original gets the same replacement, so a paragraph the article
    repeats (a page scraped twice) stays an exact repeat.
    """
    memo: dict[tuple[str, str], str] = {}

    def pick(kind: str, original: str, make: Callable[[], str]) -> str:
        key = (kind, original)
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def month(m: re.Match[str]) -> str:
        table = _MONTHS_EN if m.group() in _MONTHS_EN else _MONTHS_ID
        return pick("month", m.group(), lambda: rng.choice(table))

    text = _DIGITS.sub(lambda m: pick("digits", m.group(), lambda: _vary_digits(rng, m.group())), text)
    text = _MONTH_RE.sub(month, text)
    text = _LATIN_RE.sub(lambda m: pick("latin", m.group(), lambda: rng.choice(_LATIN_COMPANIES)), text)
    return _CJK_RE.sub(lambda m: pick("cjk", m.group(), lambda: rng.choice(_CJK_COMPANIES)), text)


def seed_texts() -> list[tuple[str, bytes]]:
    """The seed articles as (name, bytes), sorted by name."""
    return [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]


def build_corpus(out: Path, documents: int, seed: int = 0) -> list[Path]:
    """Write `documents` varied seed articles under `out` (100 per sub-folder); return their paths."""
    seeds = seed_texts()
    paths: list[Path] = []
    for i in range(documents):
        name, data = seeds[i % len(seeds)]
        rng = random.Random(f"{seed}:{i}")
        text = vary(data.decode("utf-8"), rng)
        folder = out / f"{i // 100:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:06d}_{name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def repeat_seeds(out: Path, megabytes: float) -> list[Path]:
    """The seed files copied unchanged under `out` until they add up to `megabytes` MB."""
    seeds = seed_texts()
    out.mkdir(parents=True, exist_ok=True)
    total, i, paths = 0, 0, []
    while total < megabytes * 1e6:
        name, data = seeds[i % len(seeds)]
        path = out / f"{i:05d}_{name}"
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
        i += 1
    return paths
