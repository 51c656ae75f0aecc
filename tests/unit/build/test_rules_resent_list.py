"""CONTRACT §4: where a measure uses the attributed spell's iuran_bulanan and it has none,
while another accepted spell of that NIK with the same dates and funding source has one
(a list re-sent without its Iuran column), that value is used."""

import datetime as dt

from tests.support.rules import DARAT, ENROLMENT, built, data_root, nik, write_csv

RUN_DAY = dt.date(2025, 3, 10)
NO_FEE = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"]


def test_a_list_resent_without_its_iuran_column_keeps_the_contributions(tmp_path):
    raw = data_root(tmp_path)
    write_csv(
        raw / "enrolment" / "a_januari.csv",
        [
            ENROLMENT,
            [nik(1), "Ani", DARAT, "Petani", "APBD_KAB", "01/01/2025", "31/12/2025", "16800"],
            [nik(2), "Budi", DARAT, "Petani", "APBD_KAB", "01/01/2025", "31/12/2025", "20000"],
            [nik(3), "Citra", DARAT, "Petani", "DANA_DESA", "01/01/2025", "31/12/2025", "16800"],
        ],
    )
    # re-sent in February without Iuran; the two later rows are not copies of a spell with a
    # fee: Budi's ends on another day, Citra's has another funding source
    write_csv(
        raw / "enrolment" / "b_februari.csv",
        [
            NO_FEE,
            [nik(1), "Ani", DARAT, "Petani", "APBD_KAB", "01/01/2025", "31/12/2025"],
            [nik(2), "Budi", DARAT, "Petani", "APBD_KAB", "01/01/2025", "30/12/2025"],
            [nik(3), "Citra", DARAT, "Petani", "APBD_KAB", "01/01/2025", "31/12/2025"],
            [nik(4), "Dedi", DARAT, "Petani", "APBD_KAB", "01/03/2025", "31/12/2025"],
        ],
    )
    con = built(raw, RUN_DAY)
    # The attributed spell is the copy ending later, or, for Ani (same dates), the later file's:
    # Ani's copy without a fee takes 16,800; Budi's attributed spell (ends 31/12) has 20,000;
    # Citra's attributed spell is the later file's APBD_KAB one, with no copy of its own:
    # nothing; Dedi: nothing.
    funding = dict(
        con.execute(
            "select funding_source, contributions_idr from marts.coverage_by_funding "
            "where month = '2025-03-01'"
        ).fetchall()
    )
    assert funding == {"APBD_KAB": 16_800 + 20_000, "DANA_DESA": 0}
    renewal = con.execute(
        "select sum(renewal_cost_idr) from marts.renewals_due where month = '2025-03-01' "
        "and funding_source = 'APBD_KAB'"
    ).fetchone()[0]
    assert renewal == 12 * (16_800 + 20_000)
