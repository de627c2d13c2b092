#!/usr/bin/env python3
"""Benchmark the HTML report against the JSON report on a generated corpus.

Generates N pages as `bench_check.py` does (from the example pages, numbers varied, one page in
ten with a changed number), then times, each as one `bitext check` process:

  json         --format json > /dev/null
  html folder  --format text --quiet > /dev/null --report html=DIR/report.html   (a folder
               past 500 pages; the quiet text output, findings only, is the cheapest beside it)
  html stdout  --format html > FILE                                      (one file, whatever size)

each with its wall time and its CPU time (user + system, all threads): on a shared machine the
wall time follows the other users' load, the CPU time much less.
and how long headless Chromium takes to show the summary page: the report's script stamps the
time from navigation to the load event with layout done (`data-ready-ms`), read back with
`--dump-dom`. The machine's load average is printed too: on a shared machine it inflates
every figure.

    cargo build --release
    python3 scripts/bench_html.py --pages 10000
"""
import argparse, os, pathlib, re, resource, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_check import ROOT, generate  # noqa: E402

def timed(args, stdout):
    """Wall and CPU seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, stdout=stdout, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu

def best(n, f):
    runs = [f() for _ in range(n)]
    return min(r[0] for r in runs), min(r[1] for r in runs)

def browser_ready_ms(browser, url, runs):
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url]
    def once():
        dom = subprocess.run(args, capture_output=True).stdout.decode("utf-8", "replace")
        m = re.search(r'data-ready-ms="(\d+)"', dom)
        if not m:
            sys.exit("the page did not report its load time (did its script run?)")
        return int(m.group(1))
    return min(once() for _ in range(runs))

def size_of(path: pathlib.Path):
    if path.is_file():
        return path.stat().st_size, 1
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[10000])
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs of each")
    ap.add_argument("--binary", default=str(ROOT / "target/release/bitext"))
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        sys.exit(f"{a.binary} not found: run `cargo build --release` first")
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    for n in a.pages:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            corpus = tmp / "corpus"
            corpus.mkdir()
            mb = generate(corpus, n) / 1e6
            out = tmp / "out"
            out.mkdir()
            check = [a.binary, "check", "--fail-on", "never", "--quiet", str(corpus)]
            t_json = best(a.runs, lambda: timed(check[:2] + ["--format", "json"] + check[2:], subprocess.DEVNULL))
            report = out / "report.html"
            t_both = best(a.runs, lambda: timed(
                check[:2] + ["--format", "text", "--report", f"html={report}"] + check[2:], subprocess.DEVNULL))
            single = out / "single.html"
            def to_file():
                with open(single, "wb") as f:
                    return timed(check[:2] + ["--format", "html"] + check[2:], f)
            t_single = best(a.runs, to_file)
            folder = out / "report" if (out / "report").is_dir() else report
            index = folder / "index.html" if folder.is_dir() else folder
            load = os.getloadavg()[0]
            print(f"{n} pages, {mb:.1f} MB, best of {a.runs} (load average {load:.1f} on {os.cpu_count()} cores):")
            def line(name, t, what=""):
                ratio = "" if t is t_json else f"  ({t[0] / t_json[0]:.2f}x, CPU {t[1] / t_json[1]:.2f}x json)"
                print(f"  {name:<12} {t[0]:6.2f} s wall {t[1]:6.2f} s CPU{ratio}{what}")
            b, files = size_of(folder)
            line("json", t_json)
            line("html folder", t_both, f"; {b / 1e6:.0f} MB in {files} files")
            line("html stdout", t_single, f"; one file of {single.stat().st_size / 1e6:.0f} MB")
            if browser:
                ms = browser_ready_ms(browser, index.as_uri(), a.runs)
                print(f"  summary page in Chromium: shown in {ms / 1000:.2f} s "
                      f"({index.stat().st_size / 1e6:.1f} MB, {n} rows)")
            else:
                print("  (no Chromium: the summary's load time is not measured)")

if __name__ == "__main__":
    main()
