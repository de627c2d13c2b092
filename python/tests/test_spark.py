"""The Spark example in local mode (`local[2]`): both routes, the library's `mapPartitions` and
the CLI's `rdd.pipe`, give the findings of a plain `bitext check --jsonl` run on a few hundred
generated records. Needs Java: a missing one is a failure with a message, not a skip."""

import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import PAGES, REPO, run_cli

sys.path.insert(0, str(REPO / "examples" / "spark"))


def generated_corpus(path: Path, count: int = 300) -> None:
    """Records from the example pages and pairs, some with a number changed on one side, a few
    without an id, blank lines and one bad record (JSONL as corpus builders have it)."""
    rng = random.Random(11)
    pages = [p.read_text(encoding="utf-8") for p in PAGES]
    lines = []
    for i in range(count):
        if i % 3 == 0:
            n = rng.randint(2, 400)
            m = n if i % 6 == 0 else n + rng.randint(1, 9)
            record = {"en": f"We enrolled {n} patients in {2000 + i % 20}.", "zh": f"{2000 + i % 20}年我们纳入了{m}名患者。"}
        else:
            page = pages[i % len(pages)]
            if i % 4 == 1:
                # Change one number somewhere in the page.
                digits = [m.start() for m in re.finditer(r"\d", page)]
                at = rng.choice(digits)
                page = page[:at] + str((int(page[at]) + 1) % 10) + page[at + 1 :]
            record = {"page": page}
        if i % 37 != 5:
            record = {"id": f"r{i}", **record}
        lines.append(json.dumps(record, ensure_ascii=False))
        if i % 50 == 7:
            lines.append("")
    lines.insert(120, json.dumps({"id": "bad", "en": "no Chinese side"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail(
            "the Spark test needs Java: `apt-get install default-jre-headless` (.ci/run does)",
            pytrace=False,
        )
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.fail("the Spark test needs pyspark: `pip install pyspark`", pytrace=False)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("bitext-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    # The job's functions are pickled by reference: the workers import the module too.
    session.sparkContext.addPyFile(str(REPO / "examples" / "spark" / "check_corpus.py"))
    yield session
    session.stop()


def test_both_routes_equal_a_plain_cli_run(spark, cli, tmp_path):
    import check_corpus

    corpus = tmp_path / "corpus.jsonl"
    generated_corpus(corpus)
    name = str(corpus)

    plain = run_cli(cli, "check", "--jsonl", name, "--format", "jsonl", "--fail-on", "never")
    assert plain.returncode == 2, "the bad record is reported: " + plain.stderr
    assert "has \"en\" but no \"zh\"" in plain.stderr
    expected = [json.loads(l) for l in plain.stdout.splitlines()]
    for doc in expected:
        del doc["version"]
    assert len(expected) == 300
    expected_rows = [row for doc in expected for row in check_corpus.finding_rows(doc)]
    assert len(expected_rows) > 100, "the corpus has findings to compare"

    # The library, one Engine per partition.
    reports = check_corpus.reports_by_library(spark, name, partitions=3)
    assert reports.getNumPartitions() >= 2
    got = reports.collect()
    errors = [r for r in got if "error" in r]
    assert len(errors) == 1 and "no \"zh\"" in errors[0]["error"]
    assert [r for r in got if "error" not in r] == expected
    findings = check_corpus.findings_frame(spark, reports)
    assert [tuple(row) for row in findings.collect()] == expected_rows

    # The binary, piped. Paths are `-#id` then, and id-less records are numbered per partition.
    command = [cli, *check_corpus.CLI_COMMAND[1:]]
    piped = check_corpus.reports_by_cli(spark, name, command, partitions=3).collect()
    stdin = run_cli(cli, "check", "--jsonl", "-", "--format", "jsonl", "--fail-on", "never", input=corpus.read_text(encoding="utf-8"))
    by_stdin = [json.loads(l) for l in stdin.stdout.splitlines()]
    with_id = lambda docs: [d for d in docs if d["path"].startswith("-#r")]
    assert with_id(piped) == with_id(by_stdin)
    assert len(with_id(piped)) > 280
    piped_rows = [r for d in with_id(piped) for r in check_corpus.finding_rows(d)]
    renamed = [r for d in expected if d["path"].startswith(name + "#r") for r in check_corpus.finding_rows(d)]
    assert [r[1:] for r in piped_rows] == [r[1:] for r in renamed]


def test_a_parquet_table_checks_alike(spark, engine, tmp_path):
    import check_corpus

    rows = [
        {"id": "a", "en": "Five patients died.", "zh": "六名患者死亡。", "page": None},
        {"id": "b", "en": None, "zh": None, "page": PAGES[0].read_text(encoding="utf-8")},
    ]
    table = str(tmp_path / "corpus.parquet")
    spark.createDataFrame(rows, "id string, en string, zh string, page string").write.parquet(table)
    got = sorted(check_corpus.reports_of_parquet(spark, table).collect(), key=lambda r: r["path"])
    assert [r["path"] for r in got] == [table + "#a", table + "#b"]
    assert got[0]["findings"][0]["rule"] == "number-mismatch"
    assert got[1] == engine.check(page=rows[1]["page"], id="b", path=table + "#b")
