"""Finding inputs: folders, globs, files, stdin, links, special files, order and doc ids."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from sora_meta.ingest import read_corpus
from sora_meta.ingest.discover import discover
from sora_meta.models import Status

ZH = (
    "据新华社报道，美国人工智能研究公司OpenAI发布了首个文生视频大模型Sora。该模型可以根据用户输入的文本描述，"
    "生成长达一分钟的高清视频，画面逼真、细节丰富，引发了全球科技界的广泛关注。业内人士认为，Sora的出现标志着"
    "人工智能在视频生成领域取得了重大突破，将对影视制作、广告营销、短视频创作等行业产生深远影响。与此同时，国内"
    "多家科技企业也加快了在相关领域的布局，百度、阿里巴巴、腾讯等公司纷纷表示将加大研发投入。"
)
EN = "The company’s “Sora” model costs €20 a month, said José Müller, a café owner in Zürich."


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _rows(paths: list[object]) -> list[tuple[str, str, str]]:
    return [(d.doc_id, d.status.value, d.reason) for d in read_corpus(paths)]  # type: ignore[arg-type]


def test_acceptance_mixed_folder(tmp_path: Path) -> None:
    _tree(
        tmp_path / "in",
        {
            "zh_gbk.txt": ZH.encode("gbk"),
            "utf16.txt": codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"),
            "cp1252.txt": EN.encode("cp1252"),
            "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "blob": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "empty.txt": b"",
            "feed.jsonl": b'{"title": "A", "text": "Alpha story."}\n{"text": \n'
            b'{"title": "C", "text": "Gamma story."}\n',
        },
    )
    docs = list(read_corpus([tmp_path / "in"]))
    got = [(d.doc_id, d.status.value, d.reason, d.encoding) for d in docs]
    assert got == [
        ("blob", "skipped", "binary file (NUL bytes)", ""),
        ("cp1252.txt", "ok", "", "cp1252"),
        ("empty.txt", "empty", "empty file", ""),
        ("feed.jsonl#1", "ok", "", "utf-8"),
        ("feed.jsonl#2", "skipped", "line 2: invalid JSON (Expecting value at column 10)", "utf-8"),
        ("feed.jsonl#3", "ok", "", "utf-8"),
        ("image.png", "skipped", "unsupported format .png", ""),
        ("utf16.txt", "ok", "", "utf-16"),
        ("zh_gbk.txt", "ok", "", "gb18030"),
    ]
    texts = {d.doc_id: d.text for d in docs}
    assert texts["zh_gbk.txt"] == ZH
    assert texts["utf16.txt"] == ZH
    assert texts["cp1252.txt"] == EN
    assert (texts["feed.jsonl#1"], texts["feed.jsonl#3"]) == ("Alpha story.", "Gamma story.")


def test_doc_ids_paths_and_order(tmp_path: Path) -> None:
    _tree(
        tmp_path / "seeds",
        {"b.txt": b"b", "a.txt": b"a", "sub/c.txt": b"c", ".hidden.txt": b"h", ".git/x.txt": b"x"},
    )
    docs = list(read_corpus([str(tmp_path / "seeds")]))
    assert [d.doc_id for d in docs] == ["a.txt", "b.txt", "sub/c.txt"]
    assert docs[2].path == os.path.join(str(tmp_path / "seeds"), "sub", "c.txt")
    one = list(read_corpus([tmp_path / "seeds" / "sub" / "c.txt"]))
    assert [(d.doc_id, d.path) for d in one] == [("c.txt", str(tmp_path / "seeds" / "sub" / "c.txt"))]


def test_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"seeds/b.txt": b"b", "seeds/a.md": b"a", "seeds/sub/c.txt": b"c"})
    monkeypatch.chdir(tmp_path)
    assert _rows(["seeds/*.txt"]) == [("b.txt", "ok", "")]
    assert [r[0] for r in _rows(["seeds/**/*.txt"])] == ["b.txt", "sub/c.txt"]
    assert [r[0] for r in _rows(["seeds/**"])] == ["a.md", "b.txt", "sub/c.txt"]
    assert _rows(["seeds/*.pdf"]) == [("seeds/*.pdf", "error", "no files match")]


def test_missing_path_and_file_read_once(tmp_path: Path) -> None:
    _tree(tmp_path, {"d/a.txt": b"a"})
    rows = _rows([tmp_path / "nope.txt", tmp_path / "d", tmp_path / "d" / "a.txt"])
    assert rows == [(str(tmp_path / "nope.txt"), "error", "no such file or directory"), ("a.txt", "ok", "")]


def test_links_fifos_and_folders_named_like_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _tree(root, {"real/a.txt": b"a", "x.txt/inner.txt": b"inner"})
    (root / "real" / "loop").symlink_to(root / "real", target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    os.mkfifo(root / "pipe.txt")
    assert _rows([root]) == [
        ("dangling.txt", "error", "broken symbolic link"),
        ("pipe.txt", "skipped", "not a regular file (FIFO)"),
        ("real/a.txt", "ok", ""),
        ("x.txt/inner.txt", "ok", ""),
    ]


def test_real_paths_from_the_listing_are_those_realpath_gives(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _tree(root, {"real/a.txt": b"a", "real/sub/b.txt": b"b", "c.txt": b"c"})
    (root / "via").symlink_to(root / "real", target_is_directory=True)  # a second way to the same files
    (root / "link.txt").symlink_to(root / "c.txt")
    walked = list(discover([root / "via", root]))
    assert [e.doc_id for e in walked] == ["a.txt", "sub/b.txt", "c.txt"]  # each file once, first way first
    assert all(e.real == os.path.realpath(e.path) for e in walked)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"a.txt": b"a"})
    real_open = open

    def deny(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    assert _rows([tmp_path / "a.txt"]) == [("a.txt", "error", "permission denied")]


def test_seeds_folder() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    docs = list(read_corpus([seeds]))
    assert [d.doc_id for d in docs] == sorted(p.name for p in seeds.iterdir() if not p.name.startswith("."))
    assert {d.status for d in docs} == {Status.OK}
    assert sum(len(d.paragraphs) for d in docs) == 319
