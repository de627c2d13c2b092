#!/usr/bin/env python3
"""Benchmark `bitext check` over a generated corpus.

Generates N pages from the example pages (at least three in four bilingual, as on the sites;
numbers varied so pages differ), runs `bitext check --format jsonl` on the directory, and prints
pages/s, MB/s and peak RSS.

    cargo build --release
    python3 scripts/bench_check.py --pages 1000 10000          # one run per size
    python3 scripts/bench_check.py --pages 10000 --jobs 1      # single-threaded
"""
import argparse, os, pathlib, random, re, resource, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parents[1]

def generate(dest: pathlib.Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    examples = sorted((ROOT / "examples" / "pages").glob("*.txt"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in examples}
    bilingual = [t for t in texts.values() if "摘要" in t]
    english = [t for t in texts.values() if "摘要" not in t]
    total = 0
    for i in range(n):
        # 4 in 5 bilingual; the rest English-only pages.
        base = rng.choice(bilingual) if i % 5 else rng.choice(english)
        # Vary numbers consistently on both sides (so most pages stay correct) by shifting
        # every standalone "14" to another value, and inject an error into one page in ten.
        k = rng.randint(15, 99)
        text = re.sub(r"(?<![\d.])14(?![\d.])", str(k), base)
        if i % 10 == 3:
            text = text.replace("75份文件", "57份文件", 1)
        sub = dest / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"page{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total

def run(binary: str, corpus: pathlib.Path, jobs):
    args = [binary, "check", "--format", "jsonl", "--fail-on", "never", str(corpus)]
    if jobs:
        args[2:2] = ["-j", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.run(args, stdout=devnull, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.exit(f"bitext failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    return elapsed, peak_kib if peak_kib > before else before

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--binary", default=str(ROOT / "target/release/bitext"))
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        sys.exit(f"{a.binary} not found: run `cargo build --release` first")
    print(f"{'pages':>7} {'MB':>8} {'seconds':>8} {'pages/s':>9} {'MB/s':>7} {'peak RSS MiB':>13}")
    for n in a.pages:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = pathlib.Path(tmp)
            size = generate(corpus, n)
            # Each size in a fresh process group so peak RSS is this run's.
            elapsed, peak = measure_in_child(a.binary, corpus, a.jobs)
            print(f"{n:>7} {size / 1e6:>8.1f} {elapsed:>8.2f} {n / elapsed:>9.0f} {size / 1e6 / elapsed:>7.1f} {peak / 1024:>13.1f}")

def measure_in_child(binary, corpus, jobs):
    # ru_maxrss of RUSAGE_CHILDREN is the max over all children so far: fork a helper per size.
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        elapsed, peak = run(binary, corpus, jobs)
        os.write(w, f"{elapsed} {peak}".encode())
        os._exit(0)
    os.close(w)
    data = os.read(r, 100).decode().split()
    os.waitpid(pid, 0)
    return float(data[0]), int(data[1])

if __name__ == "__main__":
    main()
