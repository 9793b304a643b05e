"""What the app does while the person reads: work moved out of the moments they wait for.

- **Once the first screen is painted**, the objects made so far (modules,
  classes, the ruleset, the first screen) are moved out of the garbage
  collector's sight (``gc.freeze``). They live as long as the app does, yet
  a full collection walked all of them: 60-80 ms, often just as the result
  screen was being drawn. The collector, off until then (``cli.main``),
  is turned back on.
- **Then, in a thread**, the report is built for the answers so far (on
  the start screen, for no answers, and dropped). This imports the result
  screen's modules (Rich's Markdown, markdown-it, Pygments through Rich,
  Jinja2: some 100 ms), reads the report template and draws the report's
  first lines with Rich once, so that asking for the result pays for none
  of it.
- **After the last answer** (every question asked has one), the report is
  built again in a thread, for those answers: the model, and the Markdown
  the result screen shows. The result screen takes it if the answers, the
  names, the date and the language are still the same, and otherwise
  builds its own, as it always did.

Nothing here changes what is shown: only when the work is done.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..answers import AnswersFile
    from ..model import Ruleset
    from ..session import Session
    from .app import AdvisorApp

AFTER_ANSWER = 0.3  # seconds: the screen after the last answer is painted by then
_frozen = [False]  # gc.freeze once per process: the app's own objects, not every test app's


class Prepared(NamedTuple):
    """A report built ahead of time, and what it was built from (``report_key``)."""

    key: tuple[Any, ...]
    report: dict[str, Any]
    shown: str  # the Markdown under the result screen's summary


def report_key(session: Session, date: str | None) -> tuple[Any, ...]:
    """Everything a session's report depends on: a report built for an equal key is the same report."""
    return (session.ruleset, dict(session.answers), session.company, session.respondent, session.role,
            session.language, date or session.date or _dt.date.today().isoformat())


def first_frame_painted(app: AdvisorApp) -> None:
    """Called once the app's first screen is painted."""
    if not _frozen[0]:
        _frozen[0] = True
        gc.freeze()
    gc.enable()  # `advisor` starts with it off (cli.main): the app runs long, and Textual makes cycles
    if app.session is not None:
        prepare(app, warm=True)
    else:  # the start screen: no answers yet, but the same modules, template and first drawing to warm
        from .texts import current_language

        app.run_worker(partial(_warm_up, app.ruleset, current_language()), thread=True, group="prepare",
                       exit_on_error=False)


def answered(app: AdvisorApp) -> None:
    """Called after an answer is recorded: once every question asked is answered, prepare the report."""
    session = app.session
    if session is not None and session.complete:
        app.set_timer(AFTER_ANSWER, partial(prepare, app))  # once the next screen is painted


def prepare(app: AdvisorApp, *, warm: bool = False) -> None:
    """Build the report for the session's answers as they are now, in a thread (unless it is held already).

    ``warm``: also draw its first lines with Rich once, so that the first
    drawing on the result screen does not pay for Rich's own first use.
    """
    session = app.session
    if session is None:
        return
    key = report_key(session, None)
    held = app.prepared_report
    if held is not None and held.key == key:
        return
    meta = session.to_answers_file()
    app.run_worker(lambda: _prepare(app, key, meta, warm), thread=True, group="prepare", exclusive=True,
                   exit_on_error=False)


def _warm_up(ruleset: Ruleset, language: str) -> None:
    """A report for no answers, built and drawn once and dropped: what the first result screen would pay."""
    from ..answers import AnswersFile

    _build(ruleset, {}, AnswersFile(answers={}, language=language), _dt.date.today().isoformat(), warm=True)


def _prepare(app: AdvisorApp, key: tuple[Any, ...], meta: AnswersFile, warm: bool) -> None:
    ruleset, answers, date = key[0], key[1], key[-1]
    report, shown = _build(ruleset, answers, meta, date, warm=warm)
    with contextlib.suppress(RuntimeError):  # the app has closed meanwhile: nobody to give it to
        app.call_from_thread(app.keep_prepared, Prepared(key, report, shown))


def _build(ruleset: Ruleset, answers: dict[str, Any], meta: AnswersFile, date: str, *,
           warm: bool) -> tuple[dict[str, Any], str]:
    """The report model and the Markdown the result screen shows; ``warm``: its head drawn with Rich once."""
    from ..engine import evaluate
    from ..report import render
    from .screens.result import render_markdown, report_for, report_head

    report = report_for(ruleset, answers, evaluate(ruleset, answers), meta, date)
    shown = render(report, "markdown", screen=True)
    if warm:
        render_markdown(report_head(shown), 80, {})
    return report, shown
