"""Conventions users expect of a CLI (#16): `-o -`, `--version`, `--color`, one error style, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sora_meta.cli import cli
from sora_meta.display import COLOR


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_claims_dash_o_writes_standard_output(seeds: Path) -> None:
    code, out, _ = run("claims", str(seeds), "-o", "-", "--format", "csv", "-q", "--translator", "none")
    assert code == 0
    assert out.startswith("claim_id,doc_id,")
    code, out, _ = run("claims", str(seeds), "-o", "-", "--format", "jsonl", "-q", "--translator", "none")
    assert code == 0 and json.loads(out.splitlines()[0])["claim_id"]


def test_only_one_table_on_standard_output(seeds: Path, tmp_path: Path) -> None:
    for option in ("--documents", "--mentions"):
        code, out, err = run("claims", str(seeds), option, "-", "-q")
        assert code == 2 and out == ""
        assert err.startswith(f"sora-meta: error: {option} -: standard output already holds")
    out_file = str(tmp_path / "claims.csv")
    code, out, _ = run("claims", str(seeds), "-o", out_file, "--documents", "-", "-q", "--translator", "none")
    assert code == 0 and "doc_id" in out.splitlines()[0]


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("sora-meta, version ")


def test_color_option_on_every_command_and_no_color() -> None:
    for command in ("summarize", "claims", "show", "report", "translate"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "--color [auto|always|never]" in out, command
    run("--color", "never", "--version")
    assert COLOR["mode"] == "never"
    run("--version")  # each run starts from auto (or SORA_META_COLOR)
    assert COLOR["mode"] == "auto"


def test_color_always_styles_a_pipe_and_never_does_not(seeds: Path) -> None:
    code, out, _ = run("summarize", str(seeds), "-q", "--translator", "none", "--color", "always")
    assert code == 0 and "\x1b[" in out
    code, out, _ = run("summarize", str(seeds), "-q", "--translator", "none", "--color", "never")
    assert code == 0 and "\x1b[" not in out


def test_environment_variables_in_help_and_docs() -> None:
    _, out, _ = run("--help")
    docs = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in ("SORA_META_TRANSLATOR", "SORA_META_CACHE_DIR", "SORA_META_COLOR", "NO_COLOR", "COLUMNS"):
        assert name in out and name in docs, name
    assert "_SORA_META_COMPLETE" in out and "_SORA_META_COMPLETE" in docs


def test_a_bad_environment_value_names_the_variable(seeds: Path) -> None:
    code, _, err = run("summarize", str(seeds), env={"SORA_META_LANG_DETECTOR": "nosuch"})
    assert code == 2
    assert err.startswith("sora-meta: error: ")
    assert "SORA_META_LANG_DETECTOR" in err.splitlines()[0]


def test_click_usage_errors_in_the_one_error_style(seeds: Path) -> None:
    for args in (["summarize", str(seeds), "--bogus"], ["show"], ["nosuch-command"]):
        code, out, err = run(*args)
        assert code == 2, args
        assert out == ""
        assert err.startswith("sora-meta: error: "), err


def test_usage_errors_before_reading(seeds: Path, tmp_path: Path) -> None:
    cases = [
        (["summarize", str(seeds), "--companies", str(tmp_path / "nosuch.csv")], "nosuch.csv"),
        (["summarize", str(seeds), "--scheduler", "tcp://x:1"], "--scheduler needs --engine dask"),
        (["show", "abc", str(seeds)], "too short"),
        (["summarize", str(tmp_path / "nosuch")], "no such file or directory"),
        (["summarize", str(tmp_path / "*.nothing")], "no files match"),
    ]
    for args, words in cases:
        code, out, err = run(*args)
        assert code == 2, args
        assert out == ""
        lines = err.strip().splitlines()
        assert lines[0].startswith("sora-meta: error: ") and words in lines[0], err
        assert len([line for line in lines if line.startswith("sora-meta:")]) == 1


def test_lingua_without_its_extra_is_one_usage_error(seeds: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "lingua" else real(name, *a)
    )
    code, _, err = run("summarize", str(seeds), "--lang-detector", "lingua")
    assert code == 2
    assert err.strip().splitlines() == [
        "sora-meta: error: --lang-detector lingua needs the lingua extra (pip install 'sora-meta[lingua]')"
    ]


def test_fail_on_untranslated_has_its_own_exit_code(seeds: Path) -> None:
    code, _, err = run("summarize", str(seeds), "-q", "--translator", "none", "--fail-on", "untranslated")
    assert code == 4
    assert "--fail-on untranslated" in err
    docs = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "| 4 | `UNTRANSLATED` |" in docs


def test_translate_that_wrote_nothing_exits_1(seeds: Path, tmp_path: Path) -> None:
    # Nothing listens on port 9: every text stays untranslated and no file is written.
    code, _, _ = run(
        "translate", str(seeds), "-o", str(tmp_path / "en"), "-q",
        "--translator", "libre", "--translator-url", "http://127.0.0.1:9/", "--no-cache",
        "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 1
    assert not list((tmp_path / "en").glob("*.txt"))


def test_cache_provider_must_exist(tmp_path: Path) -> None:
    code, _, err = run("cache", "clear", "--provider", "nosuch", "--cache-dir", str(tmp_path))
    assert code == 2 and err.startswith("sora-meta: error: ")


def test_one_bar_per_run_with_a_total_and_warnings_through_it(seeds: Path) -> None:
    import io
    import time

    from sora_meta.cli import LIVE, Env, _progress, translation_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    env = Env()
    env.stderr = Terminal()
    with _progress(env, quiet=False, paths=[str(seeds)]):
        progress, task = LIVE["progress"], LIVE["task"]
        for _ in range(100):  # the inputs are counted on a thread
            if progress.tasks[0].total is not None:
                break
            time.sleep(0.02)
        assert progress.tasks[0].total == 5
        printed: list[str] = []
        progress.console.print = lambda text, **kw: printed.append(str(text))  # type: ignore[method-assign]
        env.warn("something odd")
        assert printed == ["sora-meta: warning: something odd"]  # above the bar, not over it
        with translation_progress(env, quiet=False) as update:
            assert update is not None
            update(2, 4)
        assert len(progress.tasks) == 1 and progress.tasks[0].description == "translating"
        assert LIVE["task"] == task
    assert not LIVE  # cleared with the bar


def test_languages_without_tables_warned_once(tmp_path: Path) -> None:
    text = (
        "Spółka podała w czwartek, że jej przychody w 2023 roku wyniosły 370 miliardów złotych, a zysk "
        "netto spadł o 20 procent w porównaniu z poprzednim rokiem. Zarząd zapowiedział dalsze inwestycje.\n"
    )
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text.replace("Spółka", f"Spółka {name[0].upper()}"), encoding="utf-8")
    code, _, err = run("summarize", str(tmp_path), "--translator", "none", "--no-cache")
    assert code == 0
    assert err.count("no extraction tables for: pl (3 documents)") == 1
    _, _, err = run("summarize", str(tmp_path), "--translator", "none", "--no-cache", "-q")
    assert "no extraction tables" not in err


def test_show_takes_color_and_no_color(seeds: Path) -> None:
    code, _, _ = run("show", "--color", "never", "0000000000000000", str(seeds), "-q", "--translator", "none")
    assert code == 2  # parsed; the id is unknown
    assert COLOR["mode"] == "never"


def test_no_command_prints_help_and_completion_works() -> None:
    code, _, err = run()
    assert code == 2 and err.startswith("Usage: ") and "error" not in err.splitlines()[0]
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="sora-meta",
        env={"_SORA_META_COMPLETE": "bash_complete", "COMP_WORDS": "sora-meta sum", "COMP_CWORD": "1"},
    )
    assert "plain,summarize" in result.output
