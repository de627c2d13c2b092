#!/usr/bin/env python3
"""Write dictionaries/zh_words/dict.txt from jieba's dictionary.

The input is jieba-rs's `src/data/dict.txt` (`word freq tag` per line, the dictionary
`Jieba::new()` loads). The output keeps `word freq`, sorted by the words' UTF-8 bytes, so
bitext can binary-search it where it lies in the binary instead of loading all of it
(src/segment/dictionary.rs). Prints the frequency total, which goes in TOTAL_FREQ there.

    python3 scripts/build_zh_words.py ~/.cargo/registry/src/*/jieba-rs-0.11.0/src/data/dict.txt
"""
import sys

def main(path):
    entries = {}
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 else 0
            # Jieba::new() keeps the last frequency of a repeated word but sums every line.
            entries[word] = freq
            total += freq
    out = "dictionaries/zh_words/dict.txt"
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for word in sorted(entries, key=lambda w: w.encode("utf-8")):
            f.write(f"{word} {entries[word]}\n")
    print(f"{out}: {len(entries)} words, TOTAL_FREQ = {total}")

if __name__ == "__main__":
    main(sys.argv[1])
