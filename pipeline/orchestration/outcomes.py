"""Expected failures: what went wrong in words a person can act on, without a stack trace.

An asset raises ``expected(kind, message)``: a ``dagster.Failure`` whose description is
the message and whose metadata names the kind. Dagster's UI shows the message as the
step's failure; the CLI prints it (a few lines, no trace) and exits with the kind's
status: 2 for a refused month, 1 otherwise.
"""

from __future__ import annotations

import dagster as dg

OUTCOME_KEY = "pipeline/outcome"

REFUSED = "refused"
NO_DATA = "no_data"
NO_GAZETTEER = "no_gazetteer"
LOCKED = "locked"
NOT_WRITABLE = "not_writable"
KEY = "pseudonym_key"
INCOMPLETE = "inputs_incomplete"

EXIT_STATUS = {REFUSED: 2}


def expected(kind: str, message: str) -> dg.Failure:
    """A failure the pipeline foresaw: ``message`` says what happened and what to do."""
    return dg.Failure(description=message, metadata={OUTCOME_KEY: kind}, allow_retries=False)


def exit_status(kind: str) -> int:
    """The CLI's exit status for an expected failure of ``kind``."""
    return EXIT_STATUS.get(kind, 1)


class StepContext(Exception):
    """What a step was doing when an unexpected error struck: ``raise StepContext(...) from exc``.

    The error itself stays the cause (its trace goes to the log); the CLI and the sensor's
    tick log put this first: ``building marts.x: RuntimeError: disk on fire``.
    """


def _first_line(error) -> str:
    message = (error.message or "").strip().splitlines()
    return message[0] if message else error.cls_name or "error"


def error_line(error) -> str:
    """A Dagster error (``SerializableErrorInfo``) in one line: its innermost cause, ``Class: first line``.

    When the pipeline's own code wrapped it with what it was doing (``raise
    StepContext("building marts.x") from exc``), that comes first: ``building marts.x:
    RuntimeError: disk on fire``. The CLI and the raw-files sensor's tick log both say it so.
    """
    chain = [error]
    while getattr(chain[-1], "cause", None) is not None:
        chain.append(chain[-1].cause)
    root = chain[-1]
    text = _first_line(root)
    if root.cls_name and not text.startswith(root.cls_name):
        text = f"{root.cls_name}: {text}"
    doing = [_first_line(e).split("StepContext: ", 1)[-1] for e in chain[:-1] if e.cls_name == "StepContext"]
    if doing:
        text = f"{doing[0]}: {text}"
    return text[:300]
