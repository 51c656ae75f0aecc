"""The data root's report settings, ``reference/laporan.toml`` (CONTRACT §3.3a): its one reader.

Ingestion lists the file in ``audit.input_files`` and notes each problem
(``pipeline.ingest.references``), the report takes its settings (``pipeline.report.config``) and
the schedule its timezone (``pipeline.orchestration.schedules``): all three read it here, so they agree.

A settings file never stops a run. A value that cannot be read is left out, as if the file
did not set it (no meeting line, blank approval lines to sign, the province's timezone),
and a ``Problem`` says where (line, key), what is wrong and how to fix it. A file that is
not UTF-8 text or not valid TOML is not read at all. A byte-order mark (Windows Notepad's
UTF-8) is read past. The name matches in any case (``Laporan.toml``), as Windows users type it.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The file's name in ``raw/reference/`` (matched ignoring case).
NAME = "laporan.toml"
#: The settings it may set.
KEYS = ("organisation", "meeting_line", "approval", "timezone")
APPROVAL_ROLES = ("prepared", "checked", "approved")
APPROVAL_KEYS = ("role", "name", "position")
_TEXT_KEYS = ("organisation", "meeting_line")
_APPROVAL_EXAMPLE = (
    '[[approval]] tables, each with role = "prepared", "checked" or "approved", '
    'name = "..." and position = "..."'
)


@dataclass(frozen=True)
class Problem:
    """One thing of the file that is not read: where (``line``, ``key``) and the message."""

    message: str
    key: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        parts = [f"line {self.line}"] if self.line else []
        parts += [f"column {self.column}"] if self.column else []
        parts += [f"key {self.key!r}"] if self.key else []
        return ", ".join(parts)

    def text(self) -> str:
        """The problem in one line: ``line 1, key 'approval': ...``."""
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Laporan:
    """What ``laporan.toml`` sets (only values that could be read) and what it could not."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: False when nothing of the file could be read (not UTF-8, not TOML).
    read: bool = True


def find(reference_dir: Path) -> Path | None:
    """The settings file of ``reference_dir`` (``laporan.toml`` in any case); None without one.

    ``laporan.toml`` itself first, else the first of its other spellings by name; hidden
    files and symbolic links leading outside the data root are not settings.
    """
    if not reference_dir.is_dir():
        return None
    root = reference_dir.resolve().parents[1] if len(reference_dir.resolve().parents) > 1 else None
    found = []
    for path in sorted(reference_dir.iterdir()):
        if path.name.lower() != NAME or not path.is_file():
            continue
        if path.is_symlink() and root is not None and not path.resolve().is_relative_to(root):
            continue
        found.append(path)
    found.sort(key=lambda p: p.name != NAME)
    return found[0] if found else None


def load(reference_dir: Path) -> Laporan:
    """The settings of ``reference_dir``'s ``laporan.toml``; empty without the file."""
    path = find(reference_dir)
    return read(path) if path is not None else Laporan()


def read(path: Path) -> Laporan:
    """Read and check one settings file: its readable values and its problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Laporan(
            path, {}, (Problem(f"cannot be read ({exc.strerror or exc}): nothing of it is used"),), False
        )
    return parse(raw, path)


def parse(raw: bytes, path: Path | None = None) -> Laporan:
    """``read`` on the bytes of a file."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(
            f"byte 0x{raw[exc.start]:02X} is not UTF-8 text (the file was saved as ANSI/Windows-1252?): "
            "nothing of the file is read; save it as UTF-8 (Notepad: Save As, Encoding UTF-8) and run again",
            line=line,
        )
        return Laporan(path, {}, (problem,), False)
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)", str(exc))
        detail = str(exc)[: at.start()] if at else str(exc)
        problem = Problem(
            f"not valid TOML ({detail[:1].lower()}{detail[1:]}): nothing of the file is read; "
            "correct that line "
            '(text in double quotes, e.g. meeting_line = "Rapat monitoring"; a quote inside text as \\") '
            "and run again",
            line=int(at.group(1)) if at else None,
            column=int(at.group(2)) if at else None,
        )
        return Laporan(path, {}, (problem,), False)
    kept, problems = check(values, text)
    return Laporan(path, kept, tuple(problems), True)


def _line_of(text: str, key: str) -> int | None:
    """The line on which ``key`` is set (``key =`` or ``[[key]]``), None when not found."""
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?\s*{re.escape(key)}\s*\]\]?)", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _shown(value: Any) -> str:
    kind = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"{kind} ({value!r})" if not isinstance(value, dict | list) else kind


def check(values: dict[str, Any], text: str = "") -> tuple[dict[str, Any], list[Problem]]:
    """The values of a parsed file that are of the right type, and a problem for each other one."""
    kept: dict[str, Any] = {}
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(message, key, _line_of(text, key)))

    for key, value in values.items():
        if key not in KEYS:
            problem(key, f"not a setting of laporan.toml: ignored. Its settings are {', '.join(KEYS)}")
        elif key in _TEXT_KEYS:
            if isinstance(value, str):
                kept[key] = value
            else:
                problem(
                    key,
                    f'{_shown(value)} is not text: left out; write it in double quotes: {key} = "..."',
                )
        elif key == "timezone":
            zone = _timezone(value)
            if zone:
                kept[key] = zone
            else:
                problem(
                    key,
                    f"{_shown(value)} is not an IANA timezone: left out, the schedule runs in the "
                    'timezone of the data\'s province; write e.g. timezone = "Asia/Makassar"',
                )
        else:
            approval, said = _approval(value)
            problems.extend(Problem(m, key, _line_of(text, key)) for m in said)
            if approval:
                kept[key] = approval
    return kept, problems


def _timezone(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value.strip()


def _approval(value: Any) -> tuple[tuple[dict[str, str], ...], list[str]]:
    """The approval entries that can be read, and what is wrong with the others."""
    if not isinstance(value, list):
        return (), [
            f"{_shown(value)} is not a list of approval tables: left out, the approval lines are "
            f"left blank to sign; write {_APPROVAL_EXAMPLE}"
        ]
    entries: list[dict[str, str]] = []
    said: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, start=1):
        where = f"approval {number}"
        if not isinstance(entry, dict):
            said.append(f"{where} is {_shown(entry)}, not a table: left out; write {_APPROVAL_EXAMPLE}")
            continue
        role = entry.get("role")
        if role not in APPROVAL_ROLES:
            said.append(
                f"{where}: role {_shown(role) if role is not None else 'missing'} is not one of "
                f'{", ".join(APPROVAL_ROLES)}: left out; write role = "prepared", "checked" or "approved"'
            )
            continue
        if role in seen:
            said.append(f"{where}: a second entry for role {role!r}: left out, the first is used")
            continue
        wrong = [k for k in ("name", "position") if k in entry and not isinstance(entry[k], str)]
        if wrong:
            said.append(
                f"{where} ({role}): {' and '.join(wrong)} not text: left out; write them in double "
                'quotes (name = "...")'
            )
            continue
        unknown = [k for k in entry if k not in APPROVAL_KEYS]
        if unknown:
            said.append(
                f"{where} ({role}): {', '.join(repr(k) for k in unknown)} ignored: an approval entry has "
                "role, name and position"
            )
        seen.add(role)
        entries.append({k: entry[k] for k in APPROVAL_KEYS if k in entry})
    return tuple(entries), said
