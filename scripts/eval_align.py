#!/usr/bin/env python3
"""Score `bitext align` on gold-aligned English–Chinese sets.

Runs one `bitext align --jsonl SET --format jsonl` process per set (as a user would), reads the
beads back (with sentence arrays, `en_lines`/`zh_lines` are sentence indices + 1) and scores
them the usual way (Vecalign, Bertalign): strict precision/recall/F1 over beads, a predicted
bead counting only when it equals a gold bead exactly; 1-1 and other beads also separately.

    cargo build --release
    python3 scripts/eval_align.py                       # the sets in ../shared/eval/real/
    python3 scripts/eval_align.py path/to/set.jsonl ... # others of the same format
    python3 scripts/eval_align.py --embed models/usem3  # with the sentence encoder

The wall time printed covers all of it, start-up and model loading included: this is also the
speed benchmark of the aligner (README).

The data stays outside the repository: records {"id", "en_sentences", "zh_sentences", "gold"}.
"""
import json, os, pathlib, subprocess, sys, time
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "real"
DEFAULT_SETS = ["paramed_nejm", "aligner_eval_aca", "aligner_eval_mag", "aligner_eval_pol"]
# Strict F1 of hunalign (395,000-word CC-CEDICT dictionary, jieba tokens, byte-length mode) on
# the same sets, measured on this project's machine (issue 5).
HUNALIGN = {"paramed_nejm": 0.973, "aligner_eval_aca": 0.966, "aligner_eval_mag": 0.917, "aligner_eval_pol": 0.840}

def prf(pred, gold):
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

def main():
    binary = os.environ.get("BITEXT", str(ROOT / "target" / "release" / "bitext"))
    if not os.path.exists(binary):
        sys.exit(f"{binary} not found: run `cargo build --release` first (or set BITEXT)")
    args = sys.argv[1:]
    extra = []
    if "--embed" in args:
        at = args.index("--embed")
        if at + 1 >= len(args):
            sys.exit("--embed needs the model directory")
        extra = ["--embed", args[at + 1]]
        del args[at:at + 2]
    sets = [pathlib.Path(a) for a in args] or [DEFAULT_DIR / f"{s}.jsonl" for s in DEFAULT_SETS]
    procs, started = [], time.perf_counter()
    for path in sets:
        # All sets at once, one process each: the total wall time includes start-up.
        procs.append((path, subprocess.Popen([binary, "align", "--jsonl", str(path), "--format", "jsonl", "-q", *extra],
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
    outputs = [(path, *p.communicate(), p.returncode) for path, p in procs]
    wall = time.perf_counter() - started
    print(f"{'set':<18} {'P':>6} {'R':>6} {'F1':>6} {'1-1 F1':>7} {'n-m F1':>7} {'hunalign':>9}")
    for path, out, err, code in outputs:
        if code != 0:
            sys.exit(f"{path}: bitext exited {code}: {err.decode()[:300]}")
        gold, pred = defaultdict(set), defaultdict(set)
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                for en, zh in rec["gold"]:
                    gold[rec["id"]].add((tuple(en), tuple(zh)))
        for line in out.decode().splitlines():
            b = json.loads(line)
            doc = b["doc"].split("#", 1)[1]
            pred[doc].add((tuple(i - 1 for i in b["en_lines"]), tuple(i - 1 for i in b["zh_lines"])))
        all_pred = {(d, b) for d, bs in pred.items() for b in bs}
        all_gold = {(d, b) for d, bs in gold.items() for b in bs}
        one = lambda s: {x for x in s if len(x[1][0]) == 1 and len(x[1][1]) == 1}
        other = lambda s: s - one(s)
        p, r, f = prf(all_pred, all_gold)
        f11 = prf(one(all_pred), one(all_gold))[2]
        fnm = prf(other(all_pred), other(all_gold))[2]
        name = path.stem
        h = HUNALIGN.get(name)
        print(f"{name:<18} {p:>6.3f} {r:>6.3f} {f:>6.3f} {f11:>7.3f} {fnm:>7.3f} {h if h else '':>9}")
    print(f"wall time, {len(sets)} processes: {wall:.2f} s")

if __name__ == "__main__":
    main()
