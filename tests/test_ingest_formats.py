"""Reading formats: text, Markdown, HTML, JSON, JSON Lines, and what cannot be read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sora_meta.ingest import read_corpus
from sora_meta.ingest.formats import format_of, sniff_format
from sora_meta.models import Document, Status


def _read(tmp_path: Path, name: str, data: bytes) -> list[Document]:
    (tmp_path / name).write_bytes(data)
    return list(read_corpus([tmp_path / name]))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.MD", "markdown"),
        ("a.markdown", "markdown"),
        ("README", "text"),
        ("a.htm", "html"),
        ("a.xhtml", "html"),
        ("a.json", "json"),
        ("a.ndjson", "jsonl"),
        ("a.png", "binary"),
        ("a.csv", ""),
        (".bashrc", "text"),
    ],
)
def test_format_of(name: str, fmt: str) -> None:
    assert format_of(name) == fmt


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'{"text": "a"}', "json"),
        (b"[{}]", "json"),
        (b"<!DOCTYPE html><html></html>", "html"),
        (b"Just text.", "text"),
    ],
)
def test_sniff_format(data: bytes, fmt: str) -> None:
    assert sniff_format(data) == fmt


def test_text_crlf_is_normalised_and_offsets_refer_to_it(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "a.txt", b"Title\r\n\r\nLine two\rLine three  \r\n")
    assert doc.text == "Title\n\nLine two\nLine three  \n"
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == ["Title", "Line two", "Line three"]
    assert (doc.doc_id, doc.format, doc.encoding, doc.status, doc.reason) == (
        "a.txt",
        "text",
        "utf-8",
        "ok",
        "",
    )
    assert doc.title == "Title"


def test_markdown_title(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "a.md", b"## Sora meluncur\n\nIsi berita.")
    assert (doc.format, doc.title) == ("markdown", "Sora meluncur")


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "a.txt", b" \n\t\r\n")
    assert (doc.status, doc.reason) == (Status.EMPTY, "empty file")


def test_binary_extension_is_skipped(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert (doc.status, doc.reason) == (Status.SKIPPED, "unsupported format .png")


def test_unknown_extension_read_as_text_when_it_decodes(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "notes.log", b"Sora launched today.\n")
    assert (doc.status, doc.format, doc.title) == (Status.OK, "text", "Sora launched today.")
    (doc,) = _read(tmp_path, "blob.dat", b"\x00\x01\x02\x03binary")
    assert (doc.status, doc.reason) == (Status.SKIPPED, "binary file (NUL bytes)")


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sora launches | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-05">
<script>var x = "do not show";</script></head><body><nav>Home</nav><article><h1>Sora launches</h1>
<p>OpenAI released Sora, a model that turns text prompts into one minute of high fidelity video.</p>
<p>Analysts said the launch could change advertising, film and short video production in 2024.</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "page.html", HTML.encode())
    assert (doc.status, doc.format, doc.encoding) == (Status.OK, "html", "utf-8")
    assert doc.title == "Sora launches"
    assert doc.source == "Example News"
    assert doc.published == "2024-03-05"
    lines = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert (
        "OpenAI released Sora, a model that turns text prompts into one minute of high fidelity video."
        in lines
    )
    assert "do not show" not in doc.text


def test_html_in_gbk_with_meta_charset(tmp_path: Path) -> None:
    body = "<p>" + "据报道，OpenAI发布了首个文生视频大模型Sora，可以生成长达一分钟的高清视频。" * 3 + "</p>"
    html = f'<html><head><meta charset="gbk"><title>测试</title></head><body>{body}</body></html>'
    (doc,) = _read(tmp_path, "page.htm", html.encode("gbk"))
    assert doc.encoding == "gb18030"
    assert "文生视频大模型" in doc.text


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "blank.html", b"<html><head><script>x()</script></head><body> </body></html>")
    assert (doc.status, doc.reason) == (Status.EMPTY, "no text in HTML page")


def test_json_object_and_list(tmp_path: Path) -> None:
    record = {
        "headline": "Sora",
        "content": "Body of the story.",
        "published_at": "2024-03-07T10:00:00Z",
        "url": "https://example.com/a",
        "publisher": "Example",
    }
    (doc,) = _read(tmp_path, "one.json", json.dumps(record).encode())
    assert (doc.doc_id, doc.title, doc.text, doc.published, doc.url, doc.source) == (
        "one.json",
        "Sora",
        "Body of the story.",
        "2024-03-07",
        "https://example.com/a",
        "Example",
    )
    docs = _read(tmp_path, "many.json", json.dumps([record, {"title": "No text"}, 3]).encode())
    assert [(d.doc_id, d.status, d.reason) for d in docs] == [
        ("many.json#0", Status.OK, ""),
        ("many.json#1", Status.EMPTY, "record has no text field"),
        ("many.json#2", Status.SKIPPED, "record is a JSON int, not an object"),
    ]


def test_json_that_does_not_parse(tmp_path: Path) -> None:
    (doc,) = _read(tmp_path, "bad.json", b'{"text": "a",\n oops}')
    assert (doc.doc_id, doc.status) == ("bad.json", Status.ERROR)
    assert (
        doc.reason == "line 2: invalid JSON (Expecting property name enclosed in double quotes at column 2)"
    )


def test_jsonl_bad_line_and_blank_lines(tmp_path: Path) -> None:
    data = b'{"text": "First story.", "title": "One"}\n\n{"text": broken}\n{"body": "Third story."}\n'
    docs = _read(tmp_path, "feed.jsonl", data)
    assert [(d.doc_id, d.status, d.reason) for d in docs] == [
        ("feed.jsonl#1", Status.OK, ""),
        ("feed.jsonl#3", Status.SKIPPED, "line 3: invalid JSON (Expecting value at column 10)"),
        ("feed.jsonl#4", Status.OK, ""),
    ]
    assert [d.title for d in docs] == ["One", "", "Third story."]


def test_stdin_jsonl_and_text() -> None:
    docs = list(read_corpus(["-"], stdin=io.BytesIO(b'{"text": "a b c"}\n{"text": "d e f"}\n')))
    assert [(d.doc_id, d.path, d.text) for d in docs] == [
        ("<stdin>#1", "-", "a b c"),
        ("<stdin>#2", "-", "d e f"),
    ]
    (doc,) = read_corpus(["-"], stdin=io.BytesIO(b"Judul\r\nIsi."))
    assert (doc.doc_id, doc.format, doc.text, doc.title) == ("<stdin>", "text", "Judul\nIsi.", "Judul")
