"""`sora-meta report` through CliRunner, and the page it writes opened in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.report import in_paragraph

CHROMIUM_TIMEOUT = 120


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    code, _, err = run("report", str(seeds), "-o", str(out), "--no-cache")
    assert code == 0, err
    return out


def test_report_writes_one_self_contained_page(seeds_report: Path) -> None:
    page = seeds_report.read_text(encoding="utf-8")
    for sid in (
        "overview",
        "timeline",
        "companies",
        "figures",
        "corroborated",
        "conflicts",
        "documents",
        "claims",
    ):
        assert f'<section id="{sid}">' in page
    assert page.count("<svg") == 4  # the timeline and the company chart, each wide and narrow
    assert "001_66a28538b23c5c85.txt" in page
    assert [p.name for p in seeds_report.parent.iterdir()] == ["report.html"]  # no temporary file left


def test_claim_cards_show_the_sentence_in_its_paragraph(seeds_report: Path) -> None:
    page = seeds_report.read_text(encoding="utf-8")
    card = re.search(r'<article class="claim" id="claim-bcebd73e9909ada6".*?</article>', page, re.S)
    assert card
    # The sentence before it in the paragraph is shown too, outside the claim's own sentence.
    assert (
        'biaya pelatihannya sekitar 12 juta dolar AS. <span class="this-sentence">Menurut laporan'
        in card.group(0)
    )
    assert '<mark class="fig">sekitar 1,4 juta dolar AS</mark>, dan setiap tugas pelatihan mahal.</span>' in (
        card.group(0)
    )


def test_a_paragraph_longer_than_the_card_is_cut_around_the_sentence() -> None:
    paragraph = "Filler words here. " * 200 + "Revenue rose to $5 billion in 2023. " + "More filler. " * 200
    start = paragraph.index("Revenue")
    end = start + len("Revenue rose to $5 billion in 2023.")
    fig = paragraph.index("$5 billion")
    claim = {
        "start": 1000 + start,
        "end": 1000 + end,
        "figure_start": 1000 + fig,
        "figure_end": 1000 + fig + 10,
    }
    shown = in_paragraph(claim | {"date_text": "2023"}, 1000, paragraph)
    assert shown is not None and shown.startswith("…") and shown.endswith("…")
    assert '<mark class="fig">$5 billion</mark> in <mark class="date">2023</mark>.</span>' in shown
    assert len(shown) < 1400
    assert in_paragraph(claim, 5000, paragraph) is None  # offsets that do not fit: the sentence alone


def test_report_says_where_it_wrote(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, stdout, err = run("report", str(seeds / "000_260d7667f8a8cf0d.txt"), "-o", str(out))
    assert code == 0
    assert stdout == ""
    assert err.strip() == f"sora-meta: wrote {out}"
    quiet_code, _, quiet_err = run("report", str(seeds / "000_260d7667f8a8cf0d.txt"), "-o", str(out), "-q")
    assert quiet_code == 0 and quiet_err == ""


def test_report_defaults_to_report_html(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("report", str(seeds / "003_66e70a8fc942254b.txt"), "-q")
    assert code == 0, err
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_refuses_to_overwrite_an_input(tmp_path: Path, seeds: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / "a.txt"
    shutil.copy(seeds / "000_260d7667f8a8cf0d.txt", article)
    before = article.read_bytes()
    code, _, err = run("report", str(article), "-o", str(article))
    assert code == 2
    assert "refusing to overwrite an input file" in err
    code, _, err = run("report", str(corpus), "-o", str(article))
    assert code == 2
    assert "refusing to overwrite an input file" in err
    assert article.read_bytes() == before


def test_report_into_a_missing_folder_fails_with_one_line(seeds: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "report", str(seeds / "003_66e70a8fc942254b.txt"), "-o", str(tmp_path / "no" / "r.html")
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "cannot write" in err


def test_report_help_has_an_example() -> None:
    code, out, _ = run("report", "--help")
    assert code == 0
    assert "sora-meta report seeds/ -o report.html" in out
    assert "--output" in out


def test_docs_page_exists() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs" / "report.md"
    assert "sora-meta report" in docs.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Headless Chromium: the page renders, with its charts, and asks the network for nothing.


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and raw rows of an 8-bit RGB/RGBA/grey PNG (no interlace)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, bytearray()
    width = height = ctype = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0, "unexpected PNG layout"
        elif kind == b"IDAT":
            idat += body
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + (left + prev[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def pixels(row: bytes, bpp: int) -> list[tuple[int, ...]]:
    return [tuple(row[i : i + 3]) for i in range(0, len(row), bpp)]


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (Debian: apt-get install chromium); the screenshot test needs it")


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing could leave the machine even if asked
        *args,
    ]
    env = dict(os.environ, HOME=str(profile))
    return subprocess.run(
        command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, env=env, check=False
    )


def page_requests(netlog: Path) -> list[str]:
    """URLs the page asked for, from Chromium's NetLog (the browser's own service calls have no origin)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        and "url" in event.get("params", {})
        and event["params"].get("initiator") != "not an origin"
    ]


@pytest.mark.parametrize("width", [1400, 800])
def test_report_renders_in_headless_chromium_offline(seeds_report: Path, tmp_path: Path, width: int) -> None:
    """A wide and a narrow window (the page switches to narrower drawings below 900 pixels)."""
    binary = chromium()
    shot, netlog = tmp_path / "shot.png", tmp_path / "net.json"
    result = run_chromium(
        binary,
        tmp_path / "profile",
        f"--window-size={width},2000",
        "--hide-scrollbars",
        f"--log-net-log={netlog}",
        f"--screenshot={shot}",
        seeds_report.as_uri(),
    )
    assert shot.exists(), result.stderr[-2000:]
    assert shot.stat().st_size > 20_000

    png_width, height, bpp, rows = decode_png(shot.read_bytes())
    assert (png_width, height) == (width, 2000)
    colours = {px for row in rows[::4] for px in pixels(row, bpp)[::2]}
    assert len(colours) > 200  # text, charts and anti-aliasing, not a blank or single-colour page
    # Every quarter of the screen has something on it (header, overview, timeline, company chart).
    for band in range(4):
        band_rows = rows[band * 500 : (band + 1) * 500 : 5]
        inked = sum(1 for row in band_rows for px in pixels(row, bpp)[::3] if px != (255, 255, 255))
        total = len(band_rows) * len(pixels(band_rows[0], bpp)[::3])
        assert inked / total > 0.02, f"band {band} of the screenshot is blank"
    # The SVG charts were drawn: their solid fills are on screen.
    assert (15, 23, 42) in colours  # the header
    for name, rgb in {
        "documents bars": (37, 99, 235),
        "mentions bars": (8, 145, 178),
        "figures": (217, 119, 6),
    }.items():
        assert rgb in colours, f"no {name} colour on screen: the company chart did not render"
    # The timeline's day marks are drawn in their kind's colour (events and quantities in the seeds).
    assert (124, 58, 237) in colours and (5, 150, 105) in colours

    # Nothing the page asked for went to the network; the same check sees a page that does ask.
    assert netlog.exists()
    assert page_requests(netlog) == []
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><img src="http://example.invalid/x.png">', encoding="utf-8")
    control_log = tmp_path / "control.json"
    run_chromium(
        binary, tmp_path / "profile2", f"--log-net-log={control_log}", "--dump-dom", control.as_uri()
    )
    assert page_requests(control_log) == ["http://example.invalid/x.png"]


def test_report_dom_in_headless_chromium_has_charts_and_script(seeds_report: Path, tmp_path: Path) -> None:
    binary = chromium()
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom", seeds_report.as_uri())
    dom = result.stdout
    assert "<svg" in dom, result.stderr[-2000:]
    assert len(re.findall(r'<svg class="chart', dom)) == 4
    assert re.search(r'<html lang="en" class="js">', dom)  # the inline script ran (its CSP hash matched)
    # The filter bar is shown by the script, which has counted the claim cards it filters.
    assert '<div class="filters" id="filters">' in dom
    cards = len(re.findall(r'<article class="claim" id="claim-', dom))
    assert f'<span class="count" aria-live="polite">all {cards} claims</span>' in dom
    assert len(re.findall(r'<input type="search" class="filter"', dom)) == 4
    assert len(re.findall(r'<article class="claim" id="claim-', dom)) == dom.count('id="claim-')


def test_the_company_filter_dims_the_other_companies_in_the_chart(seeds_report: Path, tmp_path: Path) -> None:
    binary = chromium()
    page = seeds_report.read_text(encoding="utf-8")
    select = re.search(r'<select name="co" data-facet="co">(.*?)</select>', page, re.S)
    assert select
    baidu = re.search(r'<option value="(\d+)">Baidu \(\d+\)</option>', select.group(1))
    assert baidu
    # The page's CSP allows its own script only: a copy without it runs one more that picks Baidu.
    pick = (
        "<script>var s=document.querySelector('select[data-facet=co]');"
        f"s.value='{baidu.group(1)}';s.dispatchEvent(new Event('change'));</script>"
    )
    copy = tmp_path / "filtered.html"
    copy.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace(
            "</body>", pick + "</body>"
        ),
        encoding="utf-8",
    )
    dom = run_chromium(binary, tmp_path / "profile", "--dump-dom", copy.as_uri()).stdout
    rows = re.findall(r'<g class="(co-row[^"]*)" data-facets(?:="")? data-co="(\d+)"', dom)
    assert rows, dom[-2000:]
    for cls, co in rows:
        assert ("dim" in cls.split()) == (co != baidu.group(1)), (cls, co)
