"""The compiled-pattern cache: a pattern read back from disk matches exactly as `re.compile`'s."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from sora_meta import regexcache

PATTERNS = [
    (r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>%|persen|percent)", 0),
    (r"(?<![\w])(?:intel|meta|openai)(?![\w])", re.IGNORECASE),
    (r"[\u4e00-\u9fff]{2,4}(?:公司|集团)", 0),
    (r"""(?x) (?P<d>\d{1,2}) \s+ (?P<m>Mei|May) \s+ (?P<y>\d{4})""", 0),
    ("(?:a(?:b(?:c|d)|e)|f)+", 0),
]
TEXTS = [
    "Revenue rose 12,5 persen to 3.4 billion; 40 percent of INTEL and Meta staff",
    "腾讯控股公司与阿里巴巴集团 on 16 Mei 2024 and 3  May 2023",
    "abcabdaef xx ff abe",
    "",
]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        assert [(m.span(), m.groups(), m.groupdict()) for m in a.finditer(text)] == [
            (m.span(), m.groups(), m.groupdict()) for m in b.finditer(text)
        ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    regexcache.use_directory(tmp_path)
    yield tmp_path
    regexcache.use_directory(None)


def _files(folder: Path) -> list[Path]:
    return sorted((folder / "patterns").rglob("*.sre"))


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_read_back_pattern_matches_like_re(
    folder: Path, pattern: str, flags: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = regexcache.compile(pattern, flags)
    _same(first, re.compile(pattern, flags))
    assert len(_files(folder)) == 1

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(regexcache, "_compile_parts", no_compiling)
    _same(regexcache.compile(pattern, flags), re.compile(pattern, flags))


def test_each_pattern_and_flag_set_has_its_own_file(folder: Path) -> None:
    regexcache.compile("intel", 0)
    regexcache.compile("intel", re.IGNORECASE)
    regexcache.compile("intel corp", 0)
    assert len(_files(folder)) == 3
    assert regexcache.compile("intel", re.IGNORECASE).search("INTEL") is not None
    assert regexcache.compile("intel", 0).search("INTEL") is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_damaged_file_is_compiled_again_and_replaced(folder: Path, damage: str) -> None:
    pattern = PATTERNS[0][0]
    regexcache.compile(pattern)
    (path,) = _files(folder)
    data = path.read_bytes()
    broken = {
        "truncate": data[: len(data) - 7],
        "flip": data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:],
        "garbage": b"\x00\xff not json\n" + data,
        "empty": b"",
    }[damage]
    path.write_bytes(broken)
    _same(regexcache.compile(pattern), re.compile(pattern))
    assert path.read_bytes() == data


def test_unwritable_folder_still_compiles(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    regexcache.use_directory(blocker)
    try:
        _same(regexcache.compile(PATTERNS[1][0], PATTERNS[1][1]), re.compile(PATTERNS[1][0], PATTERNS[1][1]))
    finally:
        regexcache.use_directory(None)
    assert blocker.read_text() == "a file where the folder should be"


def test_bad_pattern_raises_like_re(folder: Path) -> None:
    with pytest.raises(re.error, match="missing \\)"):
        regexcache.compile("(unclosed")
    assert _files(folder) == []


def test_extractor_tables_are_cached_and_give_the_same_claims(tmp_path: Path) -> None:
    """A second process reads the figure, date and company patterns back and finds the same claims."""
    import subprocess
    import sys

    script = (
        "import json\n"
        "from sora_meta import regexcache\n"
        f"regexcache.use_directory({str(tmp_path)!r})\n"
        "from sora_meta.extract.figures import find_figures\n"
        "from sora_meta.extract.dates import find_dates\n"
        "from sora_meta.extract.companies import Gazetteer\n"
        "text = 'On 16 May 2024 Nvidia said revenue rose 12% to $26 billion, PT Telkom Indonesia Tbk said.'\n"
        "print(json.dumps([repr(find_figures(text, 'en')), repr(find_dates(text, 'en')),"
        " repr(Gazetteer.default().find(text, 'en'))]))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert "Nvidia" in runs[0] and "26000000000" in runs[0] and "2024-05-16" in runs[0]
    assert len(list((tmp_path / "patterns").rglob("*.sre"))) >= 10


def _file_of(folder: Path, pattern: str, flags: int = 0) -> Path:
    before = set(_files(folder))
    regexcache.compile(pattern, flags)
    (path,) = set(_files(folder)) - before
    return path


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ((r"\bNvidia\b", 0), (r"\bIntel\b", 0)),  # another pattern
        ((r"\bnvidia\b", re.IGNORECASE), (r"\bnvidia\b", 0)),  # the same pattern with other flags
        ((r"(?P<amount>\d+) persen", 0), (r"(?P<amount>\d+) percent", 0)),  # same shape, other words
    ],
)
def test_a_file_copied_over_another_patterns_name_is_not_used(
    folder: Path, source: tuple[str, int], target: tuple[str, int]
) -> None:
    """A file name is only a hint: the file must have been made from exactly the pattern asked for."""
    theirs = _file_of(folder, *source)
    ours = _file_of(folder, *target)
    good = ours.read_bytes()
    ours.write_bytes(theirs.read_bytes())
    text = "NVIDIA and Nvidia beat Intel; margins rose 12 percent, not 12 persen."
    got = regexcache.compile(*target)
    want = re.compile(*target)
    assert [m.group() for m in got.finditer(text)] == [m.group() for m in want.finditer(text)]
    assert ours.read_bytes() == good  # the right file is written back


def test_a_file_from_another_python_build_is_not_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"\d+ (?:juta|miliar)"
    made_here = _file_of(folder, pattern)
    monkeypatch.setattr(regexcache, "_build", lambda: "3.99.0 (another build)")
    # this build's file under the name the other build looks for
    (made_here.parent / f"{regexcache._key(pattern, 0)}.sre").write_bytes(made_here.read_bytes())
    compiled: list[str] = []
    real = regexcache._compile_parts

    def spy(pattern: str, flags: int) -> Any:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(regexcache, "_compile_parts", spy)
    assert regexcache.compile(pattern).findall("Rp 5 miliar dan 20 juta") == ["5 miliar", "20 juta"]
    assert compiled == [pattern]


def test_the_folder_is_the_runs_not_the_processes(tmp_path: Path) -> None:
    """`using` keeps patterns in a run's folder inside its block only; the default folder after it."""
    default = Path(os.environ["SORA_META_CACHE_DIR"])
    with regexcache.using(tmp_path / "run"):
        regexcache.compile(r"saham \w+ naik")
    regexcache.compile(r"saham \w+ turun")
    assert len(list((tmp_path / "run" / "patterns").rglob("*.sre"))) == 1
    assert len(list((default / "patterns").rglob("*.sre"))) == 1


def _builder(pattern: str, calls: list[str]) -> Any:
    def build() -> str:
        calls.append(pattern)
        return pattern

    return build


def test_a_built_pattern_is_read_back_by_its_inputs_without_building_it(folder: Path) -> None:
    calls: list[str] = []
    pattern, flags = PATTERNS[0]
    first = regexcache.compile_built("inputs v1", _builder(pattern, calls), flags)
    _same(first, re.compile(pattern, flags))
    again = regexcache.compile_built("inputs v1", _builder(pattern, calls), flags)
    _same(again, re.compile(pattern, flags))
    assert calls == [pattern]  # built once; the second time the file gave the pattern text too


def test_other_inputs_build_their_own_pattern(folder: Path) -> None:
    calls: list[str] = []
    a = regexcache.compile_built("names: intel", _builder("intel", calls))
    b = regexcache.compile_built("names: meta", _builder("meta", calls))
    assert (a.pattern, b.pattern) == ("intel", "meta")
    assert calls == ["intel", "meta"]
    assert regexcache.compile_built("names: meta", _builder("wrong", calls)).pattern == "meta"


@pytest.mark.parametrize("damage", ["truncate", "flip", "other inputs", "plain file"])
def test_a_damaged_or_foreign_built_file_is_built_again(folder: Path, damage: str) -> None:
    """The file must hold the digest of the inputs asked for, under a valid checksum; else `build` runs."""
    calls: list[str] = []
    regexcache.compile_built("the inputs", _builder("nvidia|intel", calls))
    (path,) = _files(folder)
    data = path.read_bytes()
    if damage == "other inputs":  # a file made for other inputs, copied over this one's name
        regexcache.compile_built("other inputs", _builder("amd", calls))
        broken = next(p for p in _files(folder) if p != path).read_bytes()
    elif damage == "plain file":  # a plain `compile` file of another pattern, copied over the name
        broken = _file_of(folder, "amd").read_bytes()
    else:
        broken = {"truncate": data[:-7], "flip": data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:]}[damage]
    path.write_bytes(broken)
    calls.clear()
    got = regexcache.compile_built("the inputs", _builder("nvidia|intel", calls))
    assert got.pattern == "nvidia|intel"
    assert calls == ["nvidia|intel"]
    assert path.read_bytes() == data


def test_a_built_pattern_without_a_usable_folder_is_built_each_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    regexcache.use_directory(blocker)
    calls: list[str] = []
    try:
        for _ in range(2):
            assert regexcache.compile_built("x", _builder("a+b", calls)).fullmatch("aab")
    finally:
        regexcache.use_directory(None)
    assert calls == ["a+b", "a+b"]


def test_the_gazetteer_trie_comes_from_the_cache_the_second_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sora_meta.extract import companies

    rows = "name,aliases\nTencent Holdings,腾讯|腾讯控股\nAlibaba Group,阿里巴巴\n"
    first = companies.Gazetteer.from_csv_text(rows)

    def no_trie(*args: object, **kwargs: object) -> None:
        raise AssertionError("the trie was written out again")

    monkeypatch.setattr(companies, "_trie_regex", no_trie)
    again = companies.Gazetteer.from_csv_text(rows)
    text = "腾讯控股与阿里巴巴"
    assert (
        [m.name for m in again.find(text, "zh")]
        == [m.name for m in first.find(text, "zh")]
        == [
            "Tencent Holdings",
            "Alibaba Group",
        ]
    )
    with pytest.raises(AssertionError, match="written out again"):
        companies.Gazetteer.from_csv_text("name,aliases\nBaidu,百度\n")  # other keys: another trie


def test_every_language_writes_the_same_patterns_in_every_process(tmp_path: Path) -> None:
    """A pattern made from the tables is the same text whatever the process's string hashing: made from
    a set in its own order, it was a new pattern (compiled again, a tenth of a second) in half the runs."""
    import os
    import subprocess
    import sys

    script = (
        "from sora_meta import lang\n"
        "from sora_meta.extract import companies, dates, figures\n"
        "for code in sorted(lang.supported()):\n"
        "    dates._compiled(code), figures._compiled(code), companies._rules(code)\n"
        "    for later in (figures._compiled(code).plain_pattern, figures._compiled(code).single_pattern):\n"
        "        later is None or later.get()\n"
        "companies.Gazetteer.default()\n"
    )
    made = []
    for seed in ("1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SORA_META_CACHE_DIR": str(tmp_path)}
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True)
        made.append(
            sorted(p.name for p in (tmp_path / "patterns").rglob("*") if p.suffix in (".sre", ".json"))
        )
    assert len(made[0]) >= 300
    assert all(names == made[0] for names in made[1:])


def test_a_value_made_from_data_is_read_back_as_json(folder: Path) -> None:
    calls: list[int] = []

    def build() -> Any:
        calls.append(1)
        return {"rows": [("Nvidia", ("NVDA",)), ("Tencent", ())], "n": 2}

    first = regexcache.memo_json("rows v1", build)
    again = regexcache.memo_json("rows v1", build)
    assert first == again == {"rows": [["Nvidia", ["NVDA"]], ["Tencent", []]], "n": 2}  # as JSON gives it
    assert calls == [1]
    regexcache.memo_json("rows v2", build)
    assert calls == [1, 1]


def _memo_file(folder: Path, inputs: str, value: list[str]) -> Path:
    before = set((folder / "patterns").rglob("*.json"))
    regexcache.memo_json(inputs, lambda: value)
    (path,) = set((folder / "patterns").rglob("*.json")) - before
    return path


@pytest.mark.parametrize("damage", ["truncate", "flip", "other inputs"])
def test_a_damaged_or_foreign_memo_is_made_again(folder: Path, damage: str) -> None:
    ours = _memo_file(folder, "a", ["a"])
    theirs = _memo_file(folder, "b", ["b"])
    data = ours.read_bytes()
    broken = {
        "truncate": data[:-3],
        "flip": data[:-2] + bytes([data[-2] ^ 0x01]) + data[-1:],
        "other inputs": theirs.read_bytes(),  # copied over this one's name
    }[damage]
    ours.write_bytes(broken)
    assert regexcache.memo_json("a", lambda: ["made again"]) == ["made again"]
    assert regexcache.memo_json("a", lambda: ["not called"]) == ["made again"]  # and stored


def test_the_gazetteer_read_back_is_the_one_made_from_its_rows(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sora_meta.extract import companies

    rows = (
        "name,aliases,tickers\nAcme Robotics,Acme|ACME Robotics Corp,ACMR\nKuroshio Mining,黑潮矿业,9999.HK\n"
    )
    data = rows.encode("utf-8")
    packaged = len(companies.Gazetteer.default())
    made = companies.Gazetteer.extended(data, "acme.csv")
    companies._EXTENDED.clear()

    def no_building(*args: object) -> None:
        raise AssertionError("the gazetteer was made from its rows again")

    monkeypatch.setattr(companies, "_variants", no_building)
    read = companies.Gazetteer.extended(data, "acme.csv")
    assert read is not made

    def spellings(g: companies.Gazetteer) -> dict[str, list[companies._Variant]]:
        return {key: g._spellings(key) for key in list(g._variants)}

    assert (read.companies, spellings(read), read._lookups()) == (
        made.companies,
        spellings(made),
        made._lookups(),
    )
    assert len(read) == len(made) == packaged + 2
    assert read.canonical("acme robotics corp") == "Acme Robotics" and read.ticker("ACMR") == "Acme Robotics"
    text = "Acme said Kuroshio Mining (9999.HK) and ACME Robotics Corp grew."
    assert read.find(text, "en") == made.find(text, "en")
    assert [m.name for m in read.find(text, "en")][:2] == ["Acme Robotics", "Kuroshio Mining"]


def test_long_tries_read_back_are_the_ones_written_out(folder: Path) -> None:
    from sora_meta.extract import dates, figures

    words = [f"{n}天前" for n in range(300)] + [f"week {n}" for n in range(300)]
    for _ in range(2):  # written out, then read back
        assert dates._trie(words, bounded=True) == dates._trie_source(sorted(set(words)), True)
    entries = [figures._Entry(f"unit{n}", n, False, ("x",) if n % 7 else ()) for n in range(300)]
    for _ in range(2):
        assert figures._trie(entries, True) == figures._trie_source(entries, True)
    assert len(list((folder / "patterns").rglob("*.json"))) == 2


def test_a_deferred_pattern_is_compiled_through_the_cache_on_first_use_only(folder: Path) -> None:
    deferred = regexcache.Deferred(r"(?P<n>\d+) apples", re.IGNORECASE)
    assert _files(folder) == []  # nothing compiled yet
    first = deferred.get()
    assert deferred.get() is first and len(_files(folder)) == 1
    _same(first, re.compile(r"(?P<n>\d+) apples", re.IGNORECASE))
    m = first.match("12 APPLES")
    assert m is not None and m.group("n") == "12"
