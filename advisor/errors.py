"""The advisor's error types and the diagnostics they carry.

Every problem a user can cause (a bad ruleset, a bad answers file, a file
that cannot be read or written) is an ``AdvisorError``. The CLI maps each
subclass to a documented exit code; other clients show the diagnostics in
place. Diagnostics are plain data so every client can render them its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum

from .record import Record


class Diagnostic(Record):
    """One problem, located in a file where we know where.

    ``line`` and ``column`` are 1-based; 0 means "not known".
    """

    path: str
    line: int
    column: int
    message: str
    suggestion: str = ""

    def __lt__(self, other: Diagnostic) -> bool:
        return (self.path, self.line, self.column, self.message) < (other.path, other.line, other.column, other.message)

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text


class ExitCode(IntEnum):
    """Every exit status the advisor documents (README, "exit code" table).

    Here, with the errors, rather than in the CLI: the app returns them too and
    must not import the command line to do so.
    """

    OK = 0
    CASES_FAILED = 1   # `rules test`: some example cases do not hold
    CRASH = 1          # the questionnaire hit an unexpected error (answers saved, log written)
    USAGE = 2          # bad command-line arguments, or an output that would destroy an input
    INVALID = 3        # the ruleset, the answers file or a report template is invalid
    FILE = 4           # a file cannot be read or written (stdout included)
    HANGUP = 129       # 128 + SIGHUP: the terminal went away (answers saved)
    INTERRUPTED = 130  # 128 + SIGINT: Ctrl+C or `kill -INT` (answers saved)
    TERMINATED = 143   # 128 + SIGTERM: `kill` (answers saved)


class AdvisorError(Exception):
    """Root of every error the advisor reports to a user."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)

    def __str__(self) -> str:
        if not self.diagnostics:
            return self.message
        if len(self.diagnostics) == 1 and self.diagnostics[0].path and self.diagnostics[0].path in self.message:
            return str(self.diagnostics[0])  # "file:line:col: message" says it all
        lines = [self.message] + [f"  {d}" for d in self.diagnostics]
        return "\n".join(lines)


class RulesetError(AdvisorError):
    """The ruleset (questions, rules, policy, ...) is invalid."""


class AnswersError(AdvisorError):
    """An answers file is invalid for the ruleset it is used with."""


class FileAccessError(AdvisorError):
    """A file or folder cannot be read or written."""


class OutputRefused(AdvisorError):
    """An output would destroy a file: one of the command's inputs, or a file kept unless forced."""


class YamlError(AdvisorError):
    """A file is not YAML the advisor accepts (or is too large to read); carries the diagnostics found."""


class ExportError(AdvisorError):
    """A report cannot be rendered."""


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """A "did you mean" suggestion for a misspelt name, or ``""``."""
    if not isinstance(word, str):
        return ""
    import difflib  # only needed when something is misspelt

    by_lower = {c.lower(): c for c in candidates}
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    if not matches:
        return ""
    from .texts import t  # not at import: advisor.texts needs this module first

    return t("errors.did_you_mean", suggestion=by_lower[matches[0]])
