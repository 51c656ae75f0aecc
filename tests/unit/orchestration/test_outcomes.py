"""An unexpected error in one line, as the CLI and the raw-files sensor's tick log say it."""

import sys

from dagster._utils.error import serializable_error_info_from_exc_info

from pipeline.orchestration.outcomes import StepContext, error_line


def _info(raise_it):
    try:
        raise_it()
    except Exception:
        return serializable_error_info_from_exc_info(sys.exc_info())


def _wrapped():
    try:
        raise RuntimeError("disk on fire\nsecond line")
    except RuntimeError as exc:
        raise StepContext("building marts.coverage_by_area") from exc


def _plain():
    raise ValueError("bad value")


def test_what_the_step_was_doing_comes_before_the_innermost_cause():
    assert error_line(_info(_wrapped)) == "building marts.coverage_by_area: RuntimeError: disk on fire"


def test_an_error_without_context_is_its_class_and_first_line():
    assert error_line(_info(_plain)) == "ValueError: bad value"
