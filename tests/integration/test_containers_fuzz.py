"""Property-based fuzzing of decoding (issue 21, "Also"; hypothesis, bounded in CI).

Whatever bytes a ``.csv`` holds — random bytes, a valid list with random bytes spliced in,
UTF-16 with or without a byte-order mark cut at any byte — ingestion never raises, every
file is listed in ``audit.input_files`` (read, or unreadable with its reason), and every
row read is accepted or rejected. A good file beside it always loads.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.support.containers import (
    HEADER,
    TODAY,
    assert_every_row_accounted,
    csv_text,
    data_root,
    input_files,
    nik,
    row,
)

GOOD = csv_text([HEADER, row(1), row(2, "Budi")])
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ingest_with(data: bytes) -> duckdb.DuckDBPyConnection:
    """Ingest a data root holding ``fuzz.csv`` (``data``) and a good ``good.csv``."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = data_root(Path(tmp))
        (raw / "enrolment" / "fuzz.csv").write_bytes(data)
        (raw / "enrolment" / "good.csv").write_text(csv_text([HEADER, row(9, "Citra")]), encoding="utf-8")
        con = duckdb.connect()
        ingest(con, Settings(Path(tmp)), today=TODAY)
    assert_every_row_accounted(con)
    files = input_files(con)
    assert set(files) == {"enrolment/fuzz.csv", "enrolment/good.csv"}
    assert files["enrolment/good.csv"] == (1, 1, 0, None)
    return con


BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]


@FUZZ
@given(bom=st.sampled_from(BOMS), data=st.binary(max_size=600))
def test_random_bytes_as_a_csv_never_stop_ingestion(bom, data):
    _ingest_with(bom + data)


@FUZZ
@given(
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf"]),
    at=st.integers(min_value=0, max_value=len(GOOD)),
    noise=st.binary(min_size=1, max_size=8),
)
def test_a_list_with_random_bytes_spliced_in_never_stops_ingestion(prefix, at, noise):
    data = GOOD.encode("utf-8")
    _ingest_with(prefix + data[:at] + noise + data[at:])


@FUZZ
@given(
    encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]),
    keep=st.integers(min_value=0, max_value=2 * len(GOOD) + 2),
)
def test_utf16_cut_at_any_byte_with_or_without_bom_never_stops_ingestion(encoding, keep):
    whole = GOOD.encode(encoding)
    con = _ingest_with(whole[:keep])
    *_, error = input_files(con)["enrolment/fuzz.csv"]
    if whole[:keep].decode(encoding, errors="ignore").count("\n") >= 2:
        # the header and the first row are whole: they load whatever the cut below them
        assert error is None
        niks = {n for (n,) in con.execute("select nik from identity.persons").fetchall()}
        assert nik(1) in niks
