#!/usr/bin/env python3
"""Growth bench: how each stage's time grows with its input, from 1 MB up.

    cargo build --release
    python3 scripts/growth.py                  # 1, 2, 4, 8 MB per stage
    python3 scripts/growth.py --max 64         # up to 64 MB (minutes)
    python3 scripts/growth.py --stage numbers  # one stage

For every stage it writes generated inputs of doubling size to a temporary folder, runs one
`bitext` process on each (start-up included, best of --runs), and fits the exponent k of
time ~ size^k by least squares on log-log over the sizes of at least 1 MB. The time fitted is
the process's CPU time (user + system, all threads): unlike wall time it does not move with
whatever else the machine runs; wall time is printed beside it. Linear is 1.0; the promise is
k <= 1.15 for every stage. Exit status 1 when a stage grows faster than --limit.

Stages (what each one stresses):
  pages     one page holding many English/Chinese abstract pairs (detect, sections, pairing)
  numbers   one section per side dense with numbers that all differ (numbers, matching)
  blank     --en/--zh files made of short lines between blank lines (input, paragraphs)
  brackets  one line of unclosed brackets followed by text (segment)
  align     `bitext align` on number-heavy sentences (the aligner's band)
  jsonl     one JSONL record holding a page of many pairs (the JSONL reader)
"""

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1 << 20

EN_PAIR = (
    "Association of {a} risk factors with outcomes in {b} hospitals\n\n"
    "BACKGROUND: Little is known about {c} patients treated in {b} hospitals between 2010 and 2019. "
    "METHODS: We enrolled {a} adults (n = {c}) and followed them for {d} months. "
    "RESULTS: Mortality was {e}.{d}% (95% CI {d}-{e}); {f} patients died (P<0.05). "
    "CONCLUSIONS: Risk was higher in older adults.\n\n"
)
ZH_PAIR = (
    "{a}种危险因素与{b}家医院结局的关联\n\n"
    "背景：2010年至2019年间在{b}家医院接受治疗的{c}名患者的情况知之甚少。"
    "方法：我们纳入{a}名成人（n = {c}），随访{d}个月。"
    "结果：死亡率为{e}.{d}%（95% CI {d}-{e}）；{f}名患者死亡（P<0.05）。"
    "结论：老年人风险更高。\n\n"
)


def fill(template, rng):
    return template.format(
        a=rng.randint(2, 999),
        b=rng.randint(2, 99),
        c=rng.randint(10, 9999),
        d=rng.randint(1, 60),
        e=rng.randint(10, 99),
        f=rng.randint(1, 500),
    )


def repeat_to(size, make):
    parts, n = [], 0
    while n < size:
        p = make()
        parts.append(p)
        n += len(p.encode())
    return "".join(parts)


def page_of_pairs(size, rng):
    return repeat_to(size, lambda: fill(EN_PAIR, rng) + fill(ZH_PAIR, rng))


def gen_pages(d, size, rng):
    p = d / "page.txt"
    p.write_text(page_of_pairs(size, rng))
    return ["check", "--format", "json", str(p)]


def gen_numbers(d, size, rng):
    # Every number differs between the sides: the worst case for matching leftovers.
    en = repeat_to(size // 2, lambda: f"The value was {rng.randint(1, 99999)} and then {rng.randint(1, 99999)} units. ")
    zh = repeat_to(size // 2, lambda: f"数值为{rng.randint(1, 99999)}，随后为{rng.randint(1, 99999)}个单位。")
    (d / "en.txt").write_text(en)
    (d / "zh.txt").write_text(zh)
    return ["check", "--format", "json", "--en", str(d / "en.txt"), "--zh", str(d / "zh.txt")]


def gen_blank(d, size, rng):
    en = repeat_to(size // 2, lambda: f"Line {rng.randint(1, 999)} of text.\n\n")
    zh = repeat_to(size // 2, lambda: f"第{rng.randint(1, 999)}行文字。\n\n")
    (d / "en.txt").write_text(en)
    (d / "zh.txt").write_text(zh)
    return ["check", "--format", "json", "--en", str(d / "en.txt"), "--zh", str(d / "zh.txt")]


def gen_brackets(d, size, rng):
    half = size // 2
    text = "(" * (half // 2) + "the patients were followed. " * (half // 56)
    p = d / "page.txt"
    p.write_text("BACKGROUND: " + text + "\n\n背景：" + "（" * (half // 6) + "患者接受随访。" * (half // 42) + "\n")
    return ["check", "--format", "json", str(p)]


def gen_align(d, size, rng):
    en_lines, zh_lines, n = [], [], 0
    while n < size:
        vals = [rng.randint(1, 9999) for _ in range(4)]
        e = f"In {vals[0]} patients, {vals[1]} had {vals[2]}.{vals[3] % 10}% response."
        z = f"{vals[0]}例患者中，{vals[1]}例有{vals[2]}.{vals[3] % 10}%的应答。"
        en_lines.append(e)
        zh_lines.append(z)
        n += len(e) + len(z.encode())
    (d / "en.txt").write_text("\n".join(en_lines) + "\n")
    (d / "zh.txt").write_text("\n".join(zh_lines) + "\n")
    return ["align", "--format", "tsv", "--en", str(d / "en.txt"), "--zh", str(d / "zh.txt")]


def gen_jsonl(d, size, rng):
    p = d / "rec.jsonl"
    p.write_text(json.dumps({"id": "big", "page": page_of_pairs(size, rng)}, ensure_ascii=False) + "\n")
    return ["check", "--format", "json", "--jsonl", str(p)]


STAGES = {
    "pages": gen_pages,
    "numbers": gen_numbers,
    "blank": gen_blank,
    "brackets": gen_brackets,
    "align": gen_align,
    "jsonl": gen_jsonl,
}


def exponent(points):
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(max(t, 1e-3)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target/release/bitext"))
    ap.add_argument("--min", type=int, default=1, help="smallest size in MB (default 1)")
    ap.add_argument("--max", type=int, default=8, help="largest size in MB (default 8)")
    ap.add_argument("--runs", type=int, default=1, help="runs per size; the best is kept")
    ap.add_argument("--stage", action="append", choices=sorted(STAGES), help="only these stages")
    ap.add_argument("--limit", type=float, default=1.15, help="largest exponent accepted")
    ap.add_argument("-j", default="2", help="bitext -j (default 2)")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin}: not found; run `cargo build --release` first")

    sizes, s = [], args.min
    while s <= args.max:
        sizes.append(s)
        s *= 2
    failed = []
    print("CPU seconds (wall seconds) per size")
    print(f"{'stage':10} " + " ".join(f"{str(s) + ' MB':>15}" for s in sizes) + "  exponent")
    for name in args.stage or list(STAGES):
        points = []
        row = f"{name:10} "
        for size in sizes:
            rng = random.Random(size)
            with tempfile.TemporaryDirectory(prefix="bitext-growth-") as tmp:
                argv = STAGES[name](Path(tmp), size * MB, rng)
                cmd = [args.bin, *argv, "-j", args.j, "--max-filesize", "1G"]
                best = None
                for _ in range(args.runs):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    t0 = time.perf_counter()
                    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                    wall = time.perf_counter() - t0
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                    if r.returncode not in (0, 1):
                        sys.exit(f"{name} {size} MB: exit {r.returncode}: {r.stderr.decode()[-500:]}")
                    if best is None or cpu < best[0]:
                        best = (cpu, wall)
            points.append((size, best[0]))
            row += f"{best[0]:7.2f}s ({best[1]:.1f}) "
            print(row, end="\r", flush=True)
        k = exponent(points) if len(points) > 1 else float("nan")
        flag = "" if k <= args.limit else f"  > {args.limit}"
        if k > args.limit:
            failed.append(name)
        print(f"{row} {k:6.2f}{flag}")
    if failed:
        print(f"superlinear: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
