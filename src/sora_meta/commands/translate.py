"""`sora-meta translate`: whole non-English documents as English text files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..cli import RUN, Env, cli, handle_errors, input_options, options_from
from ..errors import ExitStatus, OutputError, UsageError


@cli.command()
@input_options
@click.option(
    "-o",
    "--output-dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the <doc_id>.en.txt files (created if missing).",
)
@handle_errors
def translate(output_dir: str, **kwargs: Any) -> None:
    """Translate each non-English document into English, one text file per document.

    Paragraph by paragraph, without page furniture or repeated paragraphs, under a header
    naming the provider. English documents are skipped with a note.

    \b
    Example:
        sora-meta translate seeds/ -o english/ --translator libre --translator-url http://127.0.0.1:5000/
    """
    from ..ingest import read_corpus
    from ..segment import segment
    from ..translate.document import output_name, translate_document_parts
    from ..translate.engine import Translator

    env = Env()
    options = options_from(kwargs)
    quiet = kwargs["quiet"]
    if options.translator == "none":
        raise UsageError("sora-meta translate needs a translator (--translator none translates nothing)")
    translator = Translator(options, warn=env.warn)
    out = Path(output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{output_dir}: {exc.strerror or exc}") from None
    errors = skipped = written = incomplete = seen = 0
    RUN.counting = True
    RUN.notes.append(lambda: f"{written:,} translation{'' if written == 1 else 's'} written to {out}")
    with translator:
        for doc in read_corpus(kwargs["paths"]):
            RUN.documents, seen = seen, seen + 1  # the documents before this one are finished
            if doc.status == "error":
                errors += 1
                env.error(f"{doc.path}: {doc.reason or doc.status}")
                continue
            if doc.status != "ok":
                skipped += 1
                if not quiet:
                    env.warn(f"skipped {doc.path}: {doc.reason or doc.status}")
                continue
            segment(doc, options.lang_detector)
            if doc.lang == "en":
                if not quiet:
                    env.note(f"{doc.doc_id}: already English, skipped")
                continue
            result = translate_document_parts(doc, options, translator=translator)
            if result.untranslated and not result.translated:
                incomplete += 1
                if not quiet:
                    env.note(f"{doc.doc_id}: not translated, nothing written")
                continue
            target = out / output_name(doc.doc_id)
            _write_atomically(target, result.text)
            written += 1
            incomplete += bool(result.untranslated)
            if not quiet:
                env.note(f"wrote {target}")
        RUN.documents = seen
    report = translator.report
    # Nothing written because no text could be translated (the translator unreachable): a failure,
    # so that a CI job does not pass on empty output.
    nothing = not written and bool(incomplete)
    failed = errors or nothing or (kwargs["strict"] and (skipped or report.failed or incomplete))
    sys.exit(ExitStatus.INPUT_FAILED if failed else ExitStatus.OK)


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    from ..export import write_text

    write_text(path, text)
