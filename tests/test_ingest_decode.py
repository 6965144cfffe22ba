"""Decoding bytes of many encodings: exact text back, and the encoding family named."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sora_meta.ingest.decode import TRUNCATED_UTF8, decode_bytes, normalise_newlines
from sora_meta.models import Status

ZH_SIMPLIFIED = (
    "据新华社报道，二零二四年二月十六日，美国人工智能研究公司OpenAI发布了首个文生视频大模型Sora。"
    "该模型可以根据用户输入的文本描述，生成长达一分钟的高清视频，画面逼真、细节丰富，引发了全球科技界的广泛关注。"
    "业内人士认为，Sora的出现标志着人工智能在视频生成领域取得了重大突破，将对影视制作、广告营销、短视频创作等行业"
    "产生深远影响。与此同时，国内多家科技企业也加快了在相关领域的布局，百度、阿里巴巴、腾讯等公司纷纷表示将加大研发"
    "投入，力争在新一轮技术竞争中占据有利位置。分析人士指出，算力和数据仍是制约国内大模型发展的关键因素。"
)
ZH_TRADITIONAL = (
    "據新華社報導，美國人工智慧研究公司OpenAI發布了首個文字生成影片大型模型Sora。該模型可以根據使用者輸入的"
    "文字描述，生成長達一分鐘的高畫質影片，畫面逼真、細節豐富，引發了全球科技界的廣泛關注。業內人士認為，Sora的"
    "出現標誌著人工智慧在影片生成領域取得了重大突破，將對影視製作、廣告行銷、短影音創作等產業產生深遠影響。"
)
EN_CP1252 = (
    "The company’s “Sora” model costs €20 a month, said José Müller — a café owner in Zürich. "
    "“It’s naïve to think otherwise,” he added. Résumé attached."
)
ID_TEXT = "Meta mengalami kerugian total US$13,717 miliar pada tahun 2022, meningkat 34,57%."


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (ZH_SIMPLIFIED.encode("gbk"), ZH_SIMPLIFIED, "gb18030"),
        (ZH_SIMPLIFIED.encode("gb2312"), ZH_SIMPLIFIED, "gb18030"),
        (ZH_TRADITIONAL.encode("big5"), ZH_TRADITIONAL, "big5"),
        (EN_CP1252.encode("cp1252"), EN_CP1252, "cp1252"),
        (codecs.BOM_UTF16_LE + ZH_SIMPLIFIED.encode("utf-16-le"), ZH_SIMPLIFIED, "utf-16"),
        (codecs.BOM_UTF16_BE + EN_CP1252.encode("utf-16-be"), EN_CP1252, "utf-16"),
        (codecs.BOM_UTF8 + ZH_SIMPLIFIED.encode("utf-8"), ZH_SIMPLIFIED, "utf-8-sig"),
        (ZH_SIMPLIFIED.encode("utf-8"), ZH_SIMPLIFIED, "utf-8"),
        (ID_TEXT.encode("utf-8"), ID_TEXT, "utf-8"),
        (ID_TEXT.encode("utf-16-le"), ID_TEXT, "utf-16-le"),
        (ID_TEXT.encode("utf-16-be"), ID_TEXT, "utf-16-be"),
        (codecs.BOM_UTF32_LE + ID_TEXT.encode("utf-32-le"), ID_TEXT, "utf-32"),
    ],
    ids=[
        "gbk",
        "gb2312",
        "big5",
        "cp1252",
        "utf16le-bom",
        "utf16be-bom",
        "utf8-bom",
        "utf8-zh",
        "utf8-id",
        "utf16le-nobom",
        "utf16be-nobom",
        "utf32-bom",
    ],
)
def test_decodes_exactly(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.status, decoded.reason) == (Status.OK, "")
    assert decoded.encoding == encoding
    assert decoded.text == text


def test_truncated_utf8_at_end_is_replaced_and_noted() -> None:
    data = ZH_SIMPLIFIED.encode("utf-8")[:-1]
    decoded = decode_bytes(data)
    assert decoded.status == Status.OK
    assert decoded.encoding == "utf-8"
    assert decoded.reason == TRUNCATED_UTF8
    assert decoded.text == ZH_SIMPLIFIED[:-1] + "\ufffd"


@pytest.mark.parametrize(
    ("data", "status", "reason"),
    [
        (b"", Status.EMPTY, "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", Status.SKIPPED, "binary file (NUL bytes)"),
        (bytes(range(1, 32)) * 20, Status.SKIPPED, "binary file (control bytes)"),
        (bytes(range(128, 256)) * 8, Status.ERROR, "cannot determine text encoding"),
    ],
    ids=["empty", "png", "control", "noise"],
)
def test_what_is_not_text(data: bytes, status: Status, reason: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.status, decoded.reason) == (status, reason)


def test_declared_charset_is_used_when_not_utf8() -> None:
    decoded = decode_bytes(ZH_SIMPLIFIED.encode("gbk"), declared="GBK")
    assert (decoded.encoding, decoded.text) == ("gb18030", ZH_SIMPLIFIED)


def test_multi_megabyte_single_line() -> None:
    line = ("Sora " * 600_000).encode()
    decoded = decode_bytes(line)
    assert decoded.encoding == "utf-8"
    assert len(decoded.text) == 3_000_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\r\nb", "a\nb"), ("a\rb\r", "a\nb\n"), ("a\n\r\nb", "a\n\nb"), ("plain", "plain")],
)
def test_newlines_are_normalised(text: str, expected: str) -> None:
    assert normalise_newlines(text) == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café owners in Zürich paid €2.5 million – “a record”, said Nestlé on Monday.\n", "cp1252"),
        ("Die Aktie fiel um 5 Prozent, teilte die Börse in München mit. Übernahme geplant.\n", "cp1252"),
        ("Zażółć gęślą jaźń. Spółka podała, że przychody wzrosły o 5% w ciągu roku.\n", "cp1250"),
        ("Şirket, gelirlerin yüzde 5 arttığını açıkladı. Ğ ı İ ş\n", "cp1254"),
        ("Московская биржа сообщила, что выручка выросла на 5% за год.\n", "cp1251"),
    ],
)
def test_short_legacy_single_byte_texts_are_not_garbled(text: str, encoding: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert (decoded.text, decoded.encoding) == (text, encoding)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_control_bytes_are_counted_as_the_class_says(data: bytes) -> None:
    """The binary-file test counts the bytes of this class: C0 controls but tab, LF, VT, FF, CR and ESC,
    and DEL."""
    import re

    from sora_meta.ingest.decode import _controls

    assert _controls(data) == len(re.findall(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]", data))
