#!/bin/sh
# The long fuzz run: ten million cases over the seven targets of fuzz/targets.rs through the
# stable driver (tests/fuzz.rs), weighted by how cheap a case is. Prints each target's cases,
# time and slowest case; fails on a panic or a case slower than 1 s per MB over the floor.
#   scripts/fuzz-long.sh            # 10,000,000 cases (about 1.5 CPU-hours)
#   SCALE=10 scripts/fuzz-long.sh   # a tenth
set -eu
cd "$(dirname "$0")/.."
SCALE=${SCALE:-1}
JOBS=${JOBS:-2}
cargo test --release --test fuzz --no-run 2>/dev/null
BIN=$(ls -t target/release/deps/fuzz-* | grep -v '\.d$' | head -1)
for spec in decode:3000000 numbers_en:2500000 numbers_zh:2500000 detect:1000000 \
            check_page:700000 jsonl:200000 align:100000; do
    target=${spec%%:*}
    cases=$(( ${spec#*:} / SCALE ))
    BITEXT_FUZZ_TARGET=$target BITEXT_FUZZ_CASES=$cases BITEXT_FUZZ_JOBS=$JOBS BITEXT_FUZZ_PROGRESS_S=300 \
        "$BIN" --nocapture --test-threads 1 2>&1 | grep -E '^fuzz |panic|slow'
done
