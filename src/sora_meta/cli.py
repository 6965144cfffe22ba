"""The `sora-meta` command: parses options into `Options`, calls the library, renders the result.

Heavy modules (pandas, the extractors) are imported inside the commands so that
`sora-meta --help` answers at once.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .display import color_forced, no_color, safe_text
from .errors import ExitStatus, OutputError, SoraMetaError, UsageError
from .models import Options
from .translate.registry import TRANSLATOR_CHOICES

if TYPE_CHECKING:
    from .pipeline import Analysis, DocResult

F = TypeVar("F", bound=Callable[..., Any])

TRANSLATORS = TRANSLATOR_CHOICES  # sora_meta.translate.registry: plain data, cheap to import
LANG_DETECTORS = ("fasttext", "langdetect", "lingua")


class Env:
    """The streams a command talks to and whether they are terminals; tests swap it."""

    def __init__(self) -> None:
        self.stdout: IO[str] = sys.stdout
        self.stderr: IO[str] = sys.stderr

    @property
    def stdout_is_terminal(self) -> bool:
        return self.stdout.isatty()

    @property
    def stderr_is_terminal(self) -> bool:
        return self.stderr.isatty()

    def error(self, message: str) -> None:
        self._say("error: ", message, "red")

    def warn(self, message: str) -> None:
        self._say("warning: ", message, "yellow")

    def note(self, message: str) -> None:
        """A line of news on stderr: `sora-meta: wrote report.html`."""
        self._say("", message, None)

    def _say(self, kind: str, message: str, colour: str | None) -> None:
        """One line on stderr, `sora-meta: ` first: the message is `safe_text` (a file name or a
        title in it cannot start a line or reach the terminal), coloured only on a terminal
        without `NO_COLOR`."""
        line = f"sora-meta: {kind}{safe_text(message)}"
        live = LIVE.get("progress")
        if live is not None and live.console.file is self.stderr:
            # Through the bar's console: the bar is cleared, the line printed, the bar drawn again.
            from rich.text import Text

            live.console.print(Text(line, style=colour if colour and not no_color() else ""), soft_wrap=True)
            return
        if colour and not no_color() and (self.stderr_is_terminal or color_forced()):
            line = click.style(line, fg=colour)
        click.echo(line, file=self.stderr)


# The run's one progress bar (a rich `Progress`) while it is drawn: warnings go through it.
LIVE: dict[str, Any] = {}


COLOR_MODES = ("auto", "always", "never")


def _set_color(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--color`: remembered for the run in `display.COLOR` (read by `no_color`, `color_forced`)."""
    from .display import COLOR

    if value is not None:
        COLOR["mode"] = value
    return value


color_option = click.option(
    "--color",
    type=click.Choice(COLOR_MODES),
    callback=_set_color,
    expose_value=False,
    is_eager=True,
    help="Colour and styles: auto (on a terminal, unless NO_COLOR is set), always, never.",
)


def input_options(func: F) -> F:
    """Options shared by every command that reads a corpus."""
    decorators = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option(
            "--lang-detector",
            type=click.Choice(LANG_DETECTORS),
            default="fasttext",
            envvar="SORA_META_LANG_DETECTOR",
            show_default=True,
            help="Language identifier (langdetect is seeded, lingua needs the lingua extra).",
        ),
        click.option(
            "--companies",
            "companies_file",
            type=click.Path(exists=True, dir_okay=False),
            help="CSV of extra companies (name, aliases, tickers, country) to add to the gazetteer.",
        ),
        click.option(
            "--translator",
            type=click.Choice(TRANSLATORS),
            default="google",
            envvar="SORA_META_TRANSLATOR",
            show_default=True,
            help="Translation provider for sentence_en; API keys come from environment variables.",
        ),
        click.option(
            "--translator-url",
            envvar="SORA_META_TRANSLATOR_URL",
            help="Server address for --translator libre (e.g. http://127.0.0.1:5000/).",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False),
            envvar="SORA_META_CACHE_DIR",
            help="Where translations and results are cached (default: the user cache directory).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache."),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            help="Worker processes (default: the machine's cores).",
        ),
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Run the per-document work here or on Dask.",
        ),
        click.option("--scheduler", help="Address of a running Dask scheduler (with --engine dask)."),
        click.option(
            "--time-budget",
            type=click.FloatRange(min=0),
            default=60.0,
            show_default=True,
            envvar="SORA_META_TIME_BUDGET",
            help="Seconds a document may take before it becomes an error row (0: no limit).",
        ),
        click.option(
            "--strict", is_flag=True, help="Exit 1 when any input was skipped, not only when one failed."
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file warnings."),
        click.option("--debug", is_flag=True, help="Show tracebacks."),
        color_option,
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def check_paths(paths: Sequence[str]) -> None:
    """A path argument that names nothing is a usage error (exit 2), before anything is read."""
    import glob

    for arg in paths:
        if arg == "-" or os.path.lexists(arg):
            continue
        if glob.has_magic(arg):
            if not glob.glob(arg, recursive=True):
                raise UsageError(f"{arg}: no files match")
            continue
        raise UsageError(f"{arg}: no such file or directory")


def check_usage(kwargs: dict[str, Any]) -> None:
    """Options that cannot work together or cannot work here: usage errors, before any file is read."""
    if kwargs.get("scheduler") and kwargs.get("engine") != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if kwargs.get("lang_detector") == "lingua":
        import importlib.util

        if importlib.util.find_spec("lingua") is None:
            raise UsageError(
                "--lang-detector lingua needs the lingua extra (pip install 'sora-meta[lingua]')"
            )
    check_paths(list(kwargs.get("paths") or ()))


def options_from(kwargs: dict[str, Any]) -> Options:
    check_usage(kwargs)
    return Options(
        lang_detector=kwargs["lang_detector"],
        translator=kwargs["translator"],
        translator_url=kwargs["translator_url"],
        companies_file=kwargs["companies_file"],
        cache_dir=kwargs["cache_dir"],
        use_cache=not kwargs["no_cache"],
        jobs=kwargs["jobs"],
        engine=kwargs["engine"],
        scheduler=kwargs["scheduler"],
        time_budget=kwargs["time_budget"],
        strict=kwargs["strict"],
        debug=bool(kwargs.get("debug")),
        outputs=tuple(kwargs.get("outputs") or ()),
        mentions=kwargs.get("mentions", True),
    )


def check_outputs(
    paths: Sequence[str], outputs: Sequence[tuple[str, str | None, str]]
) -> tuple[tuple[str, str], ...]:
    """Refuse outputs that would damage an input or each other; return them for `Options.outputs`.

    `outputs`: (option, path or None, what it holds), e.g. `("-o", "claims.csv", "claims table")`.
    Usage errors (exit 2): two options naming the same file (or one inside the other's folder),
    however spelled (`./`, `..`, a symbolic link), `/dev/null` excepted; an output that is a file
    given as an argument; an existing file the arguments reach (through a folder, a glob or a
    link) unless sora-meta wrote it (`file_output_kind`): such a file is an article, and would be
    both read and replaced. Outputs sora-meta wrote earlier are then skipped, not read.
    """
    from .export import is_special_target
    from .ingest.discover import STDIN, expand, file_output_kind

    given = [(option, path, what) for option, path, what in outputs if path]
    reals = [os.path.realpath(path) for _, path, _ in given]
    for i, (option, path, _) in enumerate(given):
        for j in range(i):
            other, other_path = given[j][0], given[j][1]
            if reals[i] == reals[j] and reals[i] != os.devnull:
                raise UsageError(f"{other} and {option} name the same file ({other_path}, {path})")
            for a, b, outer, inner in ((i, j, path, other_path), (j, i, other_path, path)):
                if reals[b].startswith(reals[a].rstrip(os.sep) + os.sep):
                    raise UsageError(f"{inner} is inside {outer}: {other} and {option} would clash")
    for (_, path, _), real in zip(given, reals, strict=True):
        for arg in paths:
            if arg != STDIN and os.path.isfile(arg) and os.path.realpath(arg) == real:
                raise UsageError(f"{path}: refusing to overwrite an input file")
    suspects = {
        real: path
        for (_, path, _), real in zip(given, reals, strict=True)
        if os.path.isfile(path) and not is_special_target(path) and not file_output_kind(path)
    }
    if suspects:  # an existing file sora-meta did not write: is it among the inputs?
        seen_dirs: set[str] = set()
        for arg in paths:
            if arg == STDIN:
                continue
            for entry in expand(arg, seen_dirs):
                if entry.real in suspects:
                    raise UsageError(
                        f"{suspects[entry.real]}: refusing to overwrite an input file (read from {arg})"
                    )
    return tuple((path, what) for _, path, what in given)


@dataclass
class RunRecord:
    """What the running command has finished, for the line Ctrl-C prints.

    Commands that read a corpus count the documents they have finished (`counting`,
    `documents`); commands that write files add a note per output (`notes`: callables giving
    e.g. `claims.csv not written`), asked only when the run is interrupted. `stopping` is set
    by the first Ctrl-C.
    """

    counting: bool = False
    documents: int = 0
    notes: list[Callable[[], str]] = field(default_factory=list)
    stopping: bool = False
    paths: list[str] = field(default_factory=list)  # the corpus arguments, for the bar's total

    def reset(self) -> None:
        self.counting = False
        self.documents = 0
        self.notes.clear()
        self.stopping = False
        self.paths = []

    def interrupted(self) -> str:
        """`interrupted after 123 documents; out.csv not written`."""
        parts = ["interrupted"]
        if self.counting:
            n = self.documents
            parts[0] += f" after {n:,} document{'' if n == 1 else 's'}"
        parts.extend(note for note in (describe() for describe in self.notes) if note)
        return "; ".join(parts)


RUN = RunRecord()
_MAIN_PID = os.getpid()


def _on_interrupt(signum: int, frame: object) -> None:
    """SIGINT: in this process, KeyboardInterrupt the first time and stop at once the second.

    A terminal sends Ctrl-C to every process of the foreground group, pool workers included.
    Workers forked from this process inherit this handler and ignore the signal: the main
    process stops the pool and reports, so a worker prints no traceback of its own.
    """
    if os.getpid() != _MAIN_PID:
        return
    if RUN.stopping:
        _stop_now()
    RUN.stopping = True
    raise KeyboardInterrupt


def _stop_now() -> None:
    """A second Ctrl-C while the run is stopping: drop temporary files, end the workers, exit 130.

    The orderly stop waits for the chunks the workers are on; this does not wait for anything.
    """
    export = sys.modules.get("sora_meta.export")
    if export is not None:
        export.remove_temporary_files()
    import multiprocessing

    for child in multiprocessing.active_children():
        with suppress(Exception):
            child.kill()
    message = f"sora-meta: error: {safe_text(RUN.interrupted())} (stopped at the second Ctrl-C)\n"
    with suppress(OSError):
        os.write(2, message.encode())  # not through sys.stderr: the main thread may be inside it
    os._exit(ExitStatus.INTERRUPTED)


def _install_interrupt_handler() -> bool:
    """Handle SIGINT with `_on_interrupt`; False (and nothing done) when not ours to change.

    Only from the main thread, and only over Python's default handler: a SIGINT that was ignored
    when the command started (`nohup`, `&` in a script) stays ignored.
    """
    global _MAIN_PID
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        return False
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGINT, _on_interrupt)
    return True


@contextmanager
def _interrupt_handler() -> Iterator[None]:
    """`_on_interrupt` for the duration of a command run in process (tests, `CliRunner`).

    The console script installs it for the life of the process instead (`main`), so that a
    second Ctrl-C during the interpreter's exit (joining workers) still stops at once.
    """
    installed = _install_interrupt_handler()
    try:
        yield
    finally:
        if installed:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and an exit code; tracebacks only with --debug.

    Ctrl-C is one line saying what was finished (`RUN`), and exit 130.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        env = Env()
        RUN.reset()
        with _interrupt_handler():
            try:
                return func(*args, **kwargs)
            except UsageError as exc:
                if kwargs.get("debug"):
                    traceback.print_exc()
                env.error(str(exc))
                sys.exit(ExitStatus.USAGE)
            except SoraMetaError as exc:
                if kwargs.get("debug"):
                    traceback.print_exc()
                env.error(str(exc))
                sys.exit(ExitStatus.INPUT_FAILED)
            except BrokenPipeError as exc:
                if _stdout_closed():  # the reader went away (`| head`): stop quietly, as `rich` does
                    _silence_stdout()
                    sys.exit(ExitStatus.INPUT_FAILED)
                if kwargs.get("debug"):
                    traceback.print_exc()
                env.error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
                sys.exit(ExitStatus.INPUT_FAILED)
            except KeyboardInterrupt:
                if kwargs.get("debug"):
                    traceback.print_exc()
                env.error(RUN.interrupted())
                sys.exit(ExitStatus.INTERRUPTED)
            except (click.exceptions.Exit, click.ClickException, SystemExit):
                raise
            except Exception as exc:  # a bug, not a user error: still one line unless --debug
                if kwargs.get("debug"):
                    traceback.print_exc()
                env.error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
                sys.exit(ExitStatus.INPUT_FAILED)

    return wrapper  # type: ignore[return-value]


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone (poll reports an error on it)."""
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's capture), no poll
        return False


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test's capture)
        pass


@contextmanager
def writing_to(stream: IO[str], name: str = "standard output") -> Iterator[IO[str]]:
    """Write to `stream`; a failure (a full disk behind `>`) is one line naming `name`, exit 1.

    The stream is flushed at the end, so an error shows here and not at interpreter exit. A
    closed pipe (BrokenPipeError) passes through: `handle_errors` stops quietly.
    """
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"{name}: cannot write ({exc.strerror or exc})") from exc


MULTI_RECORD = (".json", ".jsonl", ".ndjson", ".jsonlines")  # a file may hold many documents


def _count_documents(paths: Sequence[str], progress: Any, task: Any) -> None:
    """Give the bar its total: the number of inputs, when each file is one document (no JSON).

    Runs on a daemon thread while the documents are read, so a large tree costs no waiting.
    """
    from .ingest.discover import STDIN, discover

    try:
        count = 0
        for entry in discover(paths):
            if entry.path == STDIN or str(entry.path).lower().endswith(MULTI_RECORD):
                return
            count += 1
        progress.update(task, total=count)
    except Exception:  # a total is a nicety; the run itself reports any problem
        return


def _missing_tables_warning(langs: Counter[str]) -> str:
    """The one warning of a run about documents in languages without extraction tables, or ''."""
    from .lang import describe_missing, missing

    absent = set(missing(lang for lang in langs if lang and lang != "und"))
    if not absent:
        return ""
    from .lang import base_code

    counts: Counter[str] = Counter()
    for lang, n in langs.items():
        if lang and base_code(lang) in absent:
            counts[base_code(lang)] += n
    return describe_missing(dict(counts))


@contextmanager
def _progress(
    env: Env, quiet: bool, paths: Sequence[str] | None = None
) -> Iterator[Callable[[DocResult], None]]:
    """A callback per finished document: one progress bar on a terminal, per-file problems always.

    The bar has a total once the inputs are counted (`_count_documents`); warnings and errors
    go through it (`Env._say`), so none is drawn over. At the end, one warning names the
    languages read without extraction tables.
    """
    RUN.counting = True
    paths = RUN.paths if paths is None else paths
    langs: Counter[str] = Counter()

    def report(result: DocResult) -> None:
        RUN.documents += 1
        doc = result.document
        if doc["status"] == "ok":
            langs[str(doc.get("lang") or "")] += 1
        message = f"{doc['path']}: {doc['reason'] or doc['status']}"
        if doc["status"] == "error":
            env.error(message)  # errors print even with --quiet
        elif doc["status"] == "skipped" and not quiet:
            env.warn(f"skipped {message}")

    def warn_missing() -> None:
        if not quiet:
            with suppress(Exception):  # a warning must not fail the run
                warning = _missing_tables_warning(langs)
                if warning:
                    env.warn(warning)

    if quiet or not env.stderr_is_terminal:
        yield report
        warn_missing()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=env.stderr)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading", total=None)
        LIVE["progress"], LIVE["task"] = progress, task
        if paths:
            threading.Thread(target=_count_documents, args=(list(paths), progress, task), daemon=True).start()

        def report_and_advance(result: DocResult) -> None:
            progress.advance(task)
            report(result)

        try:
            yield report_and_advance
        finally:
            LIVE.clear()
    warn_missing()


@contextmanager
def translation_progress(env: Env, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A `(done, total)` callback drawing a translation progress bar on a terminal, else None.

    Within a run that already draws a bar (`_progress`), the same bar goes on with translating.
    """
    if quiet or not env.stderr_is_terminal:
        yield None
        return
    live = LIVE.get("progress")
    if live is not None:
        reading = LIVE["task"]

        def switch(done: int, total: int) -> None:
            live.update(reading, description="translating", completed=done, total=total)

        yield switch
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("translating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=env.stderr),
        transient=True,
    ) as progress:
        task = progress.add_task("texts", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        LIVE["progress"], LIVE["task"] = progress, task
        try:
            yield update
        finally:
            LIVE.clear()


def run_analysis(env: Env, kwargs: dict[str, Any]) -> Analysis:
    from .pipeline import analyze

    RUN.paths = list(kwargs["paths"])
    with (
        _progress(env, kwargs["quiet"]) as on_document,
        translation_progress(env, kwargs["quiet"]) as on_translation,
    ):
        return analyze(
            list(kwargs["paths"]),
            options_from(kwargs),
            on_document=on_document,
            warn=env.warn,
            on_translation=on_translation,
        )


def exit_status(analysis: Analysis, strict: bool) -> ExitStatus:
    """1 when an input failed (with strict, also when one was skipped or not translated), else 0."""
    from .ingest.discover import is_output_reason

    docs = analysis.documents
    statuses = {
        status
        for status, reason in zip(docs["status"], docs["reason"], strict=True)
        if not (status == "skipped" and is_output_reason(reason))  # sora-meta's own files: no input lost
    }
    if "error" in statuses or (strict and ("skipped" in statuses or analysis.untranslated)):
        return ExitStatus.INPUT_FAILED
    return ExitStatus.OK


ENVIRONMENT = """\b
Environment variables (an option given on the command line wins):
  SORA_META_LANG_DETECTOR   --lang-detector
  SORA_META_TRANSLATOR      --translator
  SORA_META_TRANSLATOR_URL  --translator-url
  SORA_META_CACHE_DIR       --cache-dir
  SORA_META_TIME_BUDGET     --time-budget
  SORA_META_COLOR           --color
  NO_COLOR                  no colour or styles (as --color never)
  COLUMNS                   width of piped text output (default 80)
  DEEPL_AUTH_KEY, GOOGLE_APPLICATION_CREDENTIALS, ...: translators (docs/translation.md)

\b
Shell completion (bash; zsh and fish alike):
  eval "$(_SORA_META_COMPLETE=bash_source sora-meta)"
"""


class Group(click.Group):
    """The `sora-meta` group: click's own usage errors in the tool's one error style."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        from .display import COLOR

        COLOR["mode"] = os.environ.get("SORA_META_COLOR") or "auto"
        if not standalone:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.exceptions.Abort:
            click.echo("sora-meta: error: interrupted", err=True)
            sys.exit(ExitStatus.INTERRUPTED)
        except click.ClickException as exc:
            no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
            if no_args and isinstance(exc, no_args) and exc.ctx is not None:  # `sora-meta` alone: help
                click.echo(exc.ctx.get_help(), err=True)
                sys.exit(ExitStatus.USAGE)
            Env().error(_click_message(exc))
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                click.echo(f"Try '{exc.ctx.command_path} --help' for help.", err=True)
            sys.exit(ExitStatus.USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


def _click_message(exc: click.ClickException) -> str:
    """Click's message, naming the environment variable when a bad value came from one."""
    message = exc.format_message()
    param = getattr(exc, "param", None)
    ctx = getattr(exc, "ctx", None)
    if isinstance(param, click.Option) and ctx is not None and param.envvar:
        names = [param.envvar] if isinstance(param.envvar, str) else list(param.envvar)
        given = set(param.opts) | set(param.secondary_opts)
        on_line = any(arg.split("=", 1)[0] in given for arg in sys.argv[1:] + list(ctx.args or []))
        source = ctx.get_parameter_source(param.name) if param.name else None
        from_env = [name for name in names if os.environ.get(name)]
        if from_env and (
            source == click.core.ParameterSource.ENVIRONMENT or (source is None and not on_line)
        ):
            message += f" (from the environment variable {from_env[0]})"
    return message


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=ENVIRONMENT)
@click.version_option(__version__, prog_name="sora-meta")
@click.option(
    "--color",
    type=click.Choice(COLOR_MODES),
    envvar="SORA_META_COLOR",
    callback=_set_color,
    expose_value=False,
    is_eager=True,
    help="Colour and styles: auto (on a terminal, unless NO_COLOR is set), always, never.",
)
def cli() -> None:
    """Find who, how much and when in a folder of news articles in any mix of languages.

    \b
    Example:
        sora-meta summarize seeds/
    """


# Each command lives in its own module under sora_meta.commands; importing one registers it.
COMMAND_MODULES = ("summarize", "claims", "show", "report", "translate", "cache")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"sora_meta.commands.{name}")


def main() -> None:
    """Console-script entry point."""
    _install_interrupt_handler()
    cli(prog_name="sora-meta")


_register_commands()
