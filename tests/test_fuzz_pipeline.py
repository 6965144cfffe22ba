"""The whole pipeline, fuzzed: small corpora of awkward text and bytes in every input format.

Whatever the input, `sora_meta.analyze` returns without raising; every file is in the documents
table with a known status; every claim row points at the text it came from; claim ids are
unique; and a second run gives the same tables.

The budget is fixed: `FUZZ_EXAMPLES` examples (60 by default, about half a minute here; set
`SORA_META_FUZZ_EXAMPLES` for a longer hunt). On CI (`CI` set) the examples are derandomized,
so every CI run tries the same inputs and a failure there reproduces.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sora_meta import analyze, read_corpus
from sora_meta.models import Options

FUZZ_EXAMPLES = int(os.environ.get("SORA_META_FUZZ_EXAMPLES", "60"))
IN_CI = bool(os.environ.get("CI"))

settings.register_profile(
    "fuzz-pipeline",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # a first example loads the language model and the gazetteer
    derandomize=IN_CI,
    database=None if IN_CI else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz-pipeline")

STATUSES = {"ok", "empty", "skipped", "error"}
MULTI_DOCUMENT = {".json", ".jsonl"}  # one document per record


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    # English
    "revenue rose fell profit net sales shares quarter year company said reported to of the in "
    "about more than around up to over nearly billion million trillion percent per cent last "
    # Indonesian
    "pendapatan naik turun laba bersih saham kuartal tahun perusahaan sebesar sekitar lebih dari "
    "hingga miliar juta triliun persen pada lalu "
    # months and dates
    "January March June September December Januari Maret Agustus Desember Q1 Q3 H1 "
    "Monday Senin 2023 2024 2025"
) + list("营收增长下降利润亿元万亿百分之股价季度年公司约超过达到同比上半年三月十二月上周去年")
COMPANIES = ["OpenAI", "Nvidia", "腾讯", "PT Bank Central Asia Tbk", "Alibaba", "阿里巴巴", "Samsung"]
CURRENCIES = ["$", "US$", "Rp", "Rp ", "¥", "€", "元", "美元", "USD ", "IDR "]
SEPARATORS = ["", ",", ".", " ", "\u00a0", "'"]
BREAKS = ["\n", "\n\n", "\n \n", ". ", "。", "，", "; ", "\r\n", "\t", "\u2028"]


@st.composite
def figures(draw: st.DrawFn) -> str:
    """A number with separators, maybe a decimal part, a currency, a scale or a percent sign."""
    groups = draw(st.lists(st.integers(0, 999), min_size=1, max_size=5))
    sep = draw(st.sampled_from(SEPARATORS))
    number = sep.join(str(g) if i == 0 else f"{g:03d}" for i, g in enumerate(groups))
    if draw(st.booleans()):
        number += draw(st.sampled_from([".", ","])) + str(draw(st.integers(0, 99)))
    before = draw(st.sampled_from(["", "", *CURRENCIES]))
    after = draw(
        st.sampled_from(["", "", "%", " %", " persen", " percent", " billion", " miliar", "亿", "万", "元"])
    )
    return before + number + after


TOKENS = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(COMPANIES),
    figures(),
    figures(),
    st.sampled_from(BREAKS),
    st.text(max_size=6),  # anything: controls, surrogates excluded by hypothesis, combining marks
    st.text(alphabet=st.characters(codec="utf-8", categories=["Nd", "No", "Sc", "Po", "Zs"]), max_size=4),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(TOKENS, max_size=60))
    glue = draw(st.sampled_from([" ", "", " "]))
    return glue.join(tokens)


# Field values of the wrong type, as scraped feeds have them.
ODD_VALUES = st.sampled_from([None, 5, 2.5, True, ["a list", "$5 billion"], {"nested": "$1 billion"}, ""])


@st.composite
def records_(draw: st.DrawFn) -> dict[str, object]:
    """A JSON record: title, text and date, each sometimes of the wrong type or missing."""
    record: dict[str, object] = {}
    for field, usual in (
        ("title", texts()),
        ("text", texts()),
        ("date", st.sampled_from(["2024-03-07", "7 Maret 2024", "2024年3月7日", "yesterday", "0000-00-00"])),
    ):
        choice = draw(st.sampled_from(["usual", "usual", "usual", "odd", "missing"]))
        if choice != "missing":
            record[field] = draw(usual if choice == "usual" else ODD_VALUES)
    return record


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(extension, bytes): text in a format's clothing, or raw bytes."""
    ext = draw(st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".txt"]))
    kind = draw(st.sampled_from(["text", "text", "wrapped", "bytes", "mixed"]))
    if kind == "bytes":  # invalid UTF-8, NULs, anything
        return ext, draw(st.binary(max_size=400))
    text = draw(texts())
    if kind == "mixed":  # text with stray bytes spliced in
        raw = text.encode("utf-8")
        cut = draw(st.integers(0, len(raw)))
        return ext, raw[:cut] + draw(
            st.sampled_from([b"\x00", b"\xff\xfe", b"\xc3", b"\x80\x80", b"\xe4\xb8"])
        ) + raw[cut:]
    if kind == "wrapped":
        if ext == ".html":
            title = draw(texts())
            text = (
                f"<html><head><title>{title}</title></head><body><p>{text}</p>"
                "<script>var x='$9 billion';</script></body></html>"
            )
        elif ext == ".json":
            records = [draw(records_()) for _ in range(draw(st.integers(1, 3)))]
            text = json.dumps(records if len(records) > 1 else records[0], ensure_ascii=draw(st.booleans()))
        elif ext == ".jsonl":
            lines = [json.dumps(draw(records_())) for _ in range(draw(st.integers(1, 3)))]
            lines.insert(
                draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "{broken", "[]", "null"]))
            )
            text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "gb18030"]))
    return ext, text.encode(encoding)


def _write(folder: Path, corpus: list[tuple[str, bytes]]) -> dict[str, str]:
    """The files on disk; doc_id of each file (its name) -> extension."""
    names = {}
    for i, (ext, data) in enumerate(corpus):
        name = f"{'sub/' if i % 2 else ''}f{i}{ext}"
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        names[name] = ext
    return names


def _check(folder: Path, names: dict[str, str], documents: pd.DataFrame, claims: pd.DataFrame) -> None:
    # Every file is accounted for, with a known status.
    assert set(documents["status"]) <= STATUSES, documents[["doc_id", "status", "reason"]]
    assert documents["doc_id"].is_unique
    per_file = Counter(doc_id.split("#", 1)[0] for doc_id in documents["doc_id"])
    assert set(per_file) == set(names), (sorted(per_file), sorted(names))
    for name, ext in names.items():
        if ext not in MULTI_DOCUMENT:
            assert per_file[name] == 1, (name, per_file[name])
    # Every claim row points at its text.
    assert claims["claim_id"].is_unique, claims[claims["claim_id"].duplicated(keep=False)]
    texts = {doc.doc_id: doc.text for doc in read_corpus([folder])}
    for row in claims.itertuples():
        text = texts[row.doc_id]
        assert row.sentence, row
        assert " ".join(text[int(row.start) : int(row.end)].split()) == row.sentence, row
        if row.kind == "event":
            assert row.figure == "", row
            continue
        # `figure` is as written, `sentence` has its whitespace collapsed (SCHEMA.md).
        assert row.figure.strip() and " ".join(row.figure.split()) in row.sentence, row
        assert text[int(row.figure_start) : int(row.figure_end)] == row.figure, row
        assert row.start <= row.figure_start < row.figure_end <= row.end, row
    # The documents table counts the claim rows of each document.
    counts = Counter(claims["doc_id"])
    assert {d: n for d, n in zip(documents["doc_id"], documents["claims"], strict=True) if n} == dict(counts)
    assert set(documents.loc[documents["claims"] > 0, "status"]) <= {"ok"}


@FUZZ
@given(corpus=st.lists(files(), min_size=1, max_size=4))
def test_the_pipeline_survives_any_small_corpus(corpus: list[tuple[str, bytes]]) -> None:
    options = Options(translator="none", use_cache=False, jobs=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = _write(folder, corpus)
        first = analyze([folder], options, warn=lambda message: None)
        _check(folder, names, first.documents, first.claims)
        again = analyze([folder], options, warn=lambda message: None)
    pd.testing.assert_frame_equal(first.documents, again.documents)
    pd.testing.assert_frame_equal(first.claims, again.claims)
