#!/usr/bin/env python3
"""Throughput of the Python package against the CLI on the same corpus.

The pages of the batch benchmark (`scripts/bench_check.py`'s generator, or a folder given with
--corpus) become one JSONL file of `{"id", "page"}` records. Then, best of --runs each:

* CLI: `bitext check --jsonl corpus.jsonl --format jsonl -j JOBS > /dev/null`
* Python: `for report in engine.check_many(lines, jobs=JOBS): ...` (the JSONL lines read in
  Python, every report turned into a dict), with an engine already warm (a long-lived worker),
  and with a new engine each run (what the CLI pays at each start: the engine, jieba).

    cargo build --release && pip install ./python
    python3 scripts/bench_python.py --pages 1000 --jobs 2     # or --corpus DIR of pages
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def corpus_jsonl(dest: pathlib.Path, folder: pathlib.Path) -> int:
    total = 0
    with dest.open("w", encoding="utf-8") as out:
        for page in sorted(folder.rglob("*.txt")):
            text = page.read_text(encoding="utf-8")
            total += len(text.encode("utf-8"))
            out.write(json.dumps({"id": page.stem, "page": text}, ensure_ascii=False) + "\n")
    return total


def best(runs: int, *works) -> list:
    """The best time of each work over `runs` rounds, the works interleaved in each round so
    that a change of load on a shared machine touches them alike."""
    times = [[] for _ in works]
    for _ in range(runs):
        for i, work in enumerate(works):
            start = time.perf_counter()
            work()
            times[i].append(time.perf_counter() - start)
    return [min(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--corpus", type=pathlib.Path, help="a folder of pages instead")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "bitext"))
    args = parser.parse_args()

    import bitext

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        folder = args.corpus
        if folder is None:
            from bench_check import generate

            folder = tmp / "pages"
            folder.mkdir()
            generate(folder, args.pages)
        jsonl = tmp / "corpus.jsonl"
        size = corpus_jsonl(jsonl, folder)
        pages = sum(1 for _ in jsonl.open(encoding="utf-8"))

        def cli():
            subprocess.run(
                [args.binary, "check", "--jsonl", str(jsonl), "--format", "jsonl",
                 "--fail-on", "never", "-j", str(args.jobs), "-q"],
                stdout=subprocess.DEVNULL, check=True,
            )

        start = time.perf_counter()
        engine = bitext.Engine()
        built = time.perf_counter() - start

        def python():
            with jsonl.open(encoding="utf-8") as lines:
                n = sum(1 for _ in engine.check_many(lines, jobs=args.jobs, name=str(jsonl)))
            assert n == pages

        def python_cold():
            # As the CLI pays in each run: the engine built, jieba loaded on first use.
            nonlocal engine
            engine = bitext.Engine()
            python()

        python()  # warm: jieba's dictionary loaded once, as a long-lived worker has it
        t_cli, t_py, t_cold = best(args.runs, cli, python, python_cold)
    mb = size / 1e6
    print(f"{pages} pages, {mb:.1f} MB, -j {args.jobs}, best of {args.runs}")
    print(f"CLI     {t_cli:6.2f} s  {pages / t_cli:7.0f} pages/s  {mb / t_cli:5.1f} MB/s")
    print(f"Python  {t_py:6.2f} s  {pages / t_py:7.0f} pages/s  {mb / t_py:5.1f} MB/s"
          f"  ({100 * t_cli / t_py:.0f}% of the CLI's throughput; engine warm)")
    print(f"Python  {t_cold:6.2f} s  {pages / t_cold:7.0f} pages/s  {mb / t_cold:5.1f} MB/s"
          f"  ({100 * t_cli / t_cold:.0f}% of the CLI's throughput; a new engine each run)")
    print(f"bitext.Engine() alone: {built:.2f} s (jieba loads on first use)")


if __name__ == "__main__":
    main()
