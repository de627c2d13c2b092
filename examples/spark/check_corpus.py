"""Check a JSONL (or Parquet) corpus of abstracts with bitext on Spark, and write the findings as
a DataFrame.

Two routes, same results:

* **library** (default): one ``bitext.Engine`` per partition (``mapPartitions``), records checked
  by ``engine.check_many`` on the executor's cores;
* **cli**: each partition piped through the binary,
  ``rdd.pipe("bitext check --jsonl - --format jsonl --fail-on never")``.

Local::

    python examples/spark/check_corpus.py corpus.jsonl findings/ --master 'local[2]'

On a cluster, ship the wheel (``maturin build --release -m python/Cargo.toml``) with the job; for
the CLI route, the binary must be on each worker (see ``examples/spark/README.md``)::

    spark-submit --py-files bitext-0.1.0-cp38-abi3-manylinux_2_28_x86_64.whl \\
        examples/spark/check_corpus.py s3://bucket/corpus/*.jsonl s3://bucket/findings/
"""

import argparse
import itertools
import json
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

# One row a finding; a document without findings gives no row (see `reports` for every document).
FINDINGS_SCHEMA = T.StructType(
    [
        T.StructField("path", T.StringType(), False),
        T.StructField("id", T.StringType(), True),
        T.StructField("rule", T.StringType(), False),
        T.StructField("severity", T.StringType(), False),
        T.StructField("pair", T.IntegerType(), True),
        T.StructField("section", T.StringType(), True),
        T.StructField("en_line", T.IntegerType(), True),
        T.StructField("en_column", T.IntegerType(), True),
        T.StructField("en_text", T.StringType(), True),
        T.StructField("en_value", T.StringType(), True),
        T.StructField("zh_line", T.IntegerType(), True),
        T.StructField("zh_column", T.IntegerType(), True),
        T.StructField("zh_text", T.StringType(), True),
        T.StructField("zh_value", T.StringType(), True),
        T.StructField("message", T.StringType(), False),
    ]
)

CLI_COMMAND = ["bitext", "check", "--jsonl", "-", "--format", "jsonl", "--fail-on", "never"]


def finding_rows(report: Dict[str, Any]) -> Iterator[Tuple]:
    """The findings of one document report as rows of FINDINGS_SCHEMA."""

    def side(loc: Optional[Dict[str, Any]]) -> Tuple:
        if loc is None:
            return (None, None, None, None)
        return (loc["line"], loc["column"], loc["text"], loc.get("value"))

    for f in report.get("findings", []):
        yield (
            report["path"],
            report.get("id"),
            f["rule"],
            f["severity"],
            f["pair"],
            f["section"],
            *side(f["en"]),
            *side(f["zh"]),
            f["message"],
        )


def check_partition(
    lines: Iterable[Tuple[str, int]], name: str, jobs: int = 1, config: Optional[str] = None
) -> Iterator[Dict[str, Any]]:
    """mapPartitions over (JSONL line, index) pairs: one Engine for the partition, reports in
    order. The index of the first line numbers the records as the CLI numbers the file's lines."""
    import bitext  # on the executor: the wheel shipped with the job

    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    engine = bitext.Engine(config=config)
    records = (line for line, _ in itertools.chain([first], lines))
    yield from engine.check_many(
        records, jobs=jobs, name=name, first_line=first[1] + 1, errors="report"
    )


def reports_by_library(
    spark: SparkSession,
    corpus: str,
    jobs_per_task: int = 1,
    config: Optional[str] = None,
    partitions: Optional[int] = None,
):
    """The document reports of a JSONL corpus (an RDD of dicts, in input order), one Engine per
    partition."""
    lines = spark.sparkContext.textFile(corpus, partitions).zipWithIndex()
    return lines.mapPartitions(
        lambda part: check_partition(part, corpus, jobs_per_task, config)
    )


def reports_by_cli(
    spark: SparkSession,
    corpus: str,
    command: List[str] = CLI_COMMAND,
    partitions: Optional[int] = None,
):
    """The same through the binary: each partition piped through `bitext check --jsonl -`. Paths
    are then `-#id` (standard input) rather than `corpus#id`, and a record without an id is
    numbered by its line in the partition: give records ids. An unreadable record is said on the
    task's stderr and gives no report."""
    lines = spark.sparkContext.textFile(corpus, partitions)
    piped = lines.pipe(" ".join(command))
    return piped.filter(lambda l: l.strip()).map(json.loads)


def reports_of_parquet(spark: SparkSession, table: str, config: Optional[str] = None):
    """A Parquet table with columns `id` and `page`, or `id`, `en` and `zh`: every row a record."""

    def check(rows):
        import bitext

        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        engine = bitext.Engine(config=config)
        records = (
            {k: v for k, v in row.asDict().items() if v is not None}
            for row in itertools.chain([first], rows)
        )
        yield from engine.check_many(records, name=table, errors="report")

    return spark.read.parquet(table).rdd.mapPartitions(check)


def findings_frame(spark: SparkSession, reports) -> DataFrame:
    """The findings of an RDD of reports as a DataFrame (reports of unreadable records, which
    have an `error` and no findings, give no row)."""
    return spark.createDataFrame(reports.flatMap(finding_rows), FINDINGS_SCHEMA)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a JSONL file (or glob), or a Parquet table with --parquet")
    parser.add_argument("out", help="where to write the findings (Parquet)")
    parser.add_argument("--parquet", action="store_true", help="the corpus is a Parquet table")
    parser.add_argument("--route", choices=["library", "cli"], default="library")
    parser.add_argument("--config", help="a bitext.toml, readable on every executor")
    parser.add_argument("--jobs-per-task", type=int, default=1, help="bitext threads per task")
    parser.add_argument("--master", help="e.g. local[2]; default: as spark-submit says")
    args = parser.parse_args(argv)

    builder = SparkSession.builder.appName("bitext-check")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    if args.parquet:
        reports = reports_of_parquet(spark, args.corpus, args.config)
    elif args.route == "cli":
        reports = reports_by_cli(spark, args.corpus)
    else:
        reports = reports_by_library(spark, args.corpus, args.jobs_per_task, args.config)
    findings = findings_frame(spark, reports)
    findings.write.mode("overwrite").parquet(args.out)
    findings.groupBy("rule", "severity").count().orderBy("rule").show(truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
