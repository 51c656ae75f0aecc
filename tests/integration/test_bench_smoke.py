"""Smoke test of the benchmark: small synthetic national inputs, one province's marts and checks.

No timing asserts: CI only proves that the generator and the measured path still work.
"""

import json

import duckdb

from benchmarks.__main__ import main
from benchmarks.inputs import generate
from benchmarks.marts import BLOCKING_CHECKS, bench_marts


def test_generator_is_deterministic_and_staging_shaped(tmp_path):
    first = generate(tmp_path / "a", 20_000)
    second = generate(tmp_path / "b", 20_000)
    assert first["rows"] == second["rows"]
    assert first["rows"]["spells"] == 20_000
    assert first["rows"]["workers"] < 20_000 < first["rows"]["workers"] * 1.2
    assert first["rows"]["regions"] > 90_000  # the full national gazetteer
    spells = [
        duckdb.sql(
            f"select sum(hash(s)) from read_parquet('{tmp_path / d / 'spells' / '**' / '*.parquet'}', "
            "hive_partitioning = true) as s"
        ).fetchall()
        for d in ("a", "b")
    ]
    assert spells[0] == spells[1]


def test_marts_build_and_every_blocking_check_passes(tmp_path):
    data = tmp_path / "data"
    generate(data, 20_000)
    result = bench_marts(data, tmp_path / "db" / "coverage.duckdb", province="61", checks=True)
    assert result["staging_rows"]["spells"] > 0
    assert all(n > 0 for n in result["rows"].values()), result["rows"]
    failing = {name: n for name, n in result["checks"].items() if name in BLOCKING_CHECKS and n}
    assert failing == {}
    assert result["peak_rss_mb"] > 0


def test_bench_command_line(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["generate", "--spells", "5k", "--out", str(data)]) == 0
    assert (
        main(
            [
                "marts",
                "--data",
                str(data),
                "--db",
                str(tmp_path / "db" / "c.duckdb"),
                "--province",
                "61",
                "--checks",
                "--results",
                str(tmp_path / "r.jsonl"),
            ]
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["what"] == "marts" and printed["province"] == "61"
    assert (tmp_path / "r.jsonl").read_text().count("\n") == 1
