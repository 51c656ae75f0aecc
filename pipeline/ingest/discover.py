"""Which files of the data root are read, and every other file accounted for (CONTRACT §2).

``discover`` lists the files of an input folder to read; hidden files, Excel lock files,
broken symlinks and symlinks leading outside the data root are listed as not read, with
why. A file under raw/ outside its input folders (``outside_input_folders``) and a file of
reference/ with a name the pipeline does not read (``unknown_reference_files``) are listed
in ``audit.input_files`` too, each with where it belongs: no raw file goes unmentioned.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from pipeline.ingest import boundaries
from pipeline.ingest.containers import FileUnreadable
from pipeline.ingest.file_names import printable_path
from pipeline.ingest.kinds import KIND_FIELDS, KIND_TEXT, WRONG_KIND, header_kind
from pipeline.ingest.read import SUFFIXES, read_file, sha256_of
from pipeline.settings import Settings

#: The reference files the pipeline looks for, by stem: their role names them in publications.
REFERENCE_STEMS = (
    "wilayah",
    "pekerjaan_sektor",
    "sumber_dana",
    "angkatan_kerja",
    "target",
    "target_ucj",
    "anggaran",
    "arahan",
    "kolom",
)
#: Reference files read by their own readers (header spellings, report settings).
OTHER_REFERENCE_NAMES = ("kolom.csv", "laporan.toml", boundaries.FILE_NAME)
#: Every name reference/ may hold, as a person reads them (the listing of a misnamed file).
EXPECTED_REFERENCE_NAMES = (
    "wilayah.csv",
    "angkatan_kerja.*",
    "target.*",
    "target_ucj.*",
    "anggaran.*",
    "arahan.*",
    "pekerjaan_sektor.csv",
    "sumber_dana.csv",
    *OTHER_REFERENCE_NAMES,
)
#: The folders of raw/ that are read; a file anywhere else under raw/ is listed as not read.
INPUT_FOLDERS = ("enrolment", "claims", "reference")
#: ``audit.input_files.error`` of a file in the wrong place starts with one of these
#: (``pipeline.audit.health`` counts them; ``screen.file_status`` names them). ``WRONG_KIND``, a
#: file whose header is the other kind's, is ``kinds``'s.
WRONG_FOLDER = "not read: wrong folder"
UNKNOWN_REFERENCE = "not read: unknown name in reference/"
MISPLACED_PREFIXES = (WRONG_FOLDER, WRONG_KIND, UNKNOWN_REFERENCE)
#: The sample generator's own record of what it wrote (raw/.sample_manifest.json): not an input.
_SAMPLE_MANIFEST = ".sample_manifest.json"

_DOCS = ("readme", "readme.md", "readme.txt")


def discover(
    folder: Path, root: Path | None = None, skipped: list[dict] | None = None, names_from: Path | None = None
) -> list[Path]:
    """Every file of a folder to read, sorted by path (CONTRACT §2).

    Not read, but listed in ``skipped`` with the reason (for ``audit.input_files``):
    files and folders whose names start with ``.`` or ``~$`` (hidden files, Excel's
    lock files, a ``.git`` folder), broken symlinks and symlinks that lead outside the
    data root. The project's own README files are documentation, not inputs.
    Paths in ``skipped`` are relative to ``names_from`` (the raw folder).
    """
    if not folder.is_dir():
        return []
    root = (root or folder).resolve()
    names_from = names_from or root
    found: list[Path] = []
    home = folder.resolve()
    seen = {home}
    for current, dirs, files in os.walk(folder, followlinks=True):
        here = Path(current)
        keep_dirs = []
        for d in sorted(dirs):
            path = here / d
            why = _not_read(path, root, is_dir=True)
            if not why and path.is_symlink():
                real = path.resolve()
                if real in seen or home.is_relative_to(real):
                    why = "not read: a symbolic link to a folder that is read already"
                elif not real.is_relative_to(home):
                    why = f"not read: a symbolic link leading outside {folder.name}/"
                seen.add(real)
            if why:
                _skip(skipped, path, names_from, why)
            else:
                keep_dirs.append(d)
        dirs[:] = keep_dirs
        for name in files:
            path = here / name
            if name.lower() in _DOCS:
                continue
            why = _not_read(path, root, is_dir=False)
            if why:
                _skip(skipped, path, names_from, why)
            else:
                found.append(path)
    return sorted(found)


def _not_read(path: Path, root: Path, is_dir: bool) -> str | None:
    what = "folder" if is_dir else "file"
    if path.name.startswith("."):
        return f"not read: hidden {what} (its name starts with '.')"
    if path.name.startswith("~$"):
        return f"not read: an Excel lock {what} (its name starts with '~$')"
    if path.is_symlink():
        if not path.exists():
            return "not read: a broken symbolic link"
        if not path.resolve().is_relative_to(root):
            return "not read: a symbolic link leading outside the data root"
    elif not is_dir and not path.is_file():
        return "not read: not a regular file"
    return None


def _skip(skipped: list[dict] | None, path: Path, root: Path, why: str) -> None:
    if skipped is None:
        return
    try:
        rel = printable_path(path.relative_to(root).as_posix(), root)
    except ValueError:
        rel = printable_path(path.as_posix())
    skipped.append(
        {"path": rel, "sha256": None, "rows_read": 0, "rows_accepted": 0, "rows_rejected": 0, "error": why}
    )


def reference_file(settings: Settings, stem: str) -> Path | None:
    """The file of reference/ whose stem is ``stem`` (any case, any type read), if any."""
    found = [p for p in discover(settings.reference_dir, settings.data_dir) if p.stem.lower() == stem]
    return found[0] if found else None


def where_it_belongs(path: Path, root: Path) -> str:
    """Where a file outside raw/'s input folders should go, from its name or its header."""
    name = reference_name_for(path.name)
    if name is not None and name == _normalised_stem(path.name):
        return f"raw/reference/ (as {_display_reference(name)})"
    scores = {}
    for kind, fields in KIND_FIELDS.items():
        try:
            found = read_file(path, root, fields)
        except (FileUnreadable, OSError, ValueError):
            continue
        scores[kind] = sum(len(s.frame) for s in found.sheets if header_kind(found, kind) is None)
    best = max(scores, key=lambda k: scores[k], default=None)
    if best is not None and scores[best] > 0:
        return f"raw/{best}/ (its header is that of {KIND_TEXT[best]})"
    if name is not None:
        return f"raw/reference/ (as {_display_reference(name)})"
    return (
        "raw/enrolment/ if it is an enrolment list, raw/claims/ if a claims export, "
        "raw/reference/ if a reference file"
    )


def _normalised_stem(name: str) -> str:
    stem = Path(name).stem if "." in name else name
    return re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")


def _expected_stems() -> dict[str, str]:
    return {n.split(".")[0]: n for n in EXPECTED_REFERENCE_NAMES}


def _display_reference(stem: str) -> str:
    return _expected_stems()[stem]


def reference_name_for(name: str) -> str | None:
    """The expected reference stem a file name is, starts with, or is close to (None: none).

    ``Angkatan Kerja PPU 2024.xlsx`` -> ``angkatan_kerja``; ``wilayah_ppu.csv`` -> ``wilayah``;
    ``targt.csv`` -> ``target``.
    """
    stem = _normalised_stem(name)
    stems = sorted(_expected_stems(), key=len, reverse=True)
    if stem in stems:
        return stem
    for known in stems:  # the longest first: target_ucj before target
        if stem.startswith(known + "_") or stem.endswith("_" + known):
            return known
    close = difflib.get_close_matches(stem, stems, n=1, cutoff=0.75)
    return close[0] if close else None


def _misplaced_file(path: Path, root: Path, error: str) -> dict:
    try:
        sha = sha256_of(path)
    except OSError as exc:  # vanished or unreadable between listing and hashing
        sha, error = None, f"{error}; {exc.strerror or exc}"
    return {
        "path": printable_path(path.relative_to(root).as_posix(), root),
        "sha256": sha,
        "rows_read": 0,
        "rows_accepted": 0,
        "rows_rejected": 0,
        "error": error,
        "sheets": None,
    }


def outside_input_folders(settings: Settings) -> list[dict]:
    """Files under raw/ outside enrolment/, claims/ and reference/: not read, each with where it belongs.

    Listed in ``audit.input_files`` with kind ``raw``; hidden and lock files as ``discover`` lists them.
    """
    raw = settings.raw_dir
    if not raw.is_dir():
        return []
    found: list[dict] = []
    skipped: list[dict] = []
    for entry in sorted(raw.iterdir()):
        if entry.name in INPUT_FOLDERS or entry.name == _SAMPLE_MANIFEST or entry.name.lower() in _DOCS:
            continue
        why = _not_read(entry, settings.data_dir.resolve(), is_dir=entry.is_dir())
        if why:
            _skip(skipped, entry, raw, why)
            continue
        paths = discover(entry, settings.data_dir, skipped, raw) if entry.is_dir() else [entry]
        for path in paths:
            found.append(
                _misplaced_file(
                    path,
                    raw,
                    f"{WRONG_FOLDER}: raw/ reads only enrolment/, claims/ and reference/: move it to "
                    + where_it_belongs(path, raw),
                )
            )
    return [*found, *[{**s, "sheets": None} for s in skipped]]


def unknown_reference_files(settings: Settings, used: set[Path]) -> list[dict]:
    """Files in reference/ the pipeline does not read: each named with the expected names.

    A file of an expected role that another file of that role displaces (``target.csv`` and
    ``target.xlsx``) is listed too, naming the one read.
    """
    skipped: list[dict] = []
    out: list[dict] = []
    chosen = {p.stem.lower(): p for p in used}
    for path in discover(settings.reference_dir, settings.data_dir, skipped, settings.raw_dir):
        stem = path.stem.lower()
        if path in used:
            continue
        if stem in chosen:
            why = (
                f"{UNKNOWN_REFERENCE}: a second file for {stem}: {chosen[stem].name} is read; "
                "remove or merge this one"
            )
        else:
            close = reference_name_for(path.name)
            why = (
                f"{UNKNOWN_REFERENCE}: the files reference/ reads are "
                + ", ".join(EXPECTED_REFERENCE_NAMES)
                + (
                    f"; this name is close to {_display_reference(close)}: if it is that file, rename it "
                    f"reference/{_suggested_name(close, path)}"
                    if close
                    else ""
                )
            )
        out.append(_misplaced_file(path, settings.raw_dir, why))
    return [*out, *[{**s, "sheets": None} for s in skipped]]


def _suggested_name(stem: str, path: Path) -> str:
    """The name to give a misnamed reference file: ``laporan.toml.txt`` -> ``laporan.toml``.

    A role whose type is fixed (``wilayah.csv``, ``laporan.toml``) keeps its own extension;
    another keeps the file's type: its last suffix that is read (``target.csv.txt`` ->
    ``target.csv``), else its own.
    """
    expected = _display_reference(stem)
    if not expected.endswith(".*"):
        return expected
    suffixes = [s.lower() for s in path.suffixes if s.lower() in SUFFIXES]
    return stem + (suffixes[-1] if suffixes else path.suffix.lower())
