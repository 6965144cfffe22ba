"""Exceptions the library raises and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of the `sora-meta` command (docs/cli.md)."""

    OK = 0
    INPUT_FAILED = (
        1  # some inputs failed (with --strict, also any skipped); or an output could not be written
    )
    USAGE = 2  # bad options or arguments
    CONFLICTS_FOUND = 3  # summarize --fail-on conflicts found conflicting claims
    UNTRANSLATED = 4  # summarize --fail-on untranslated found claim sentences without English
    INTERRUPTED = 130  # Ctrl-C


class SoraMetaError(Exception):
    """Base class of the errors sora-meta reports to a user in one line."""


class InputError(SoraMetaError):
    """An input file cannot be read or understood."""


class UsageError(SoraMetaError):
    """Options or arguments that cannot work together."""


class OutputError(SoraMetaError):
    """An output file cannot be written."""
