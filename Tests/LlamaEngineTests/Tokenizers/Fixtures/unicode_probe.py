#!/usr/bin/env python3
"""Dev-time oracle for WordPieceUnicode's exception tables (not run by CI).

Writes, for every code point c, the words Hugging Face `tokenizers` makes of "a" + c + "b"
(BertNormalizer with lower-casing and accent stripping, then BertPreTokenizer), one line per
code point: hex code point, tab, words joined by U+0001. Compare with the same dump from
WordPieceNormalizer (a few-line Swift main that calls `words(_:)`): any difference is a code point
whose class differs between `tokenizers`' Unicode tables and Swift's.

Usage: unicode_probe.py OUT.txt
"""
import sys
from tokenizers import normalizers, pre_tokenizers

normalizer = normalizers.BertNormalizer(
    clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
pre_tokenizer = pre_tokenizers.BertPreTokenizer()
with open(sys.argv[1], "w", encoding="utf-8", errors="surrogatepass") as out:
    for value in range(0x110000):
        if 0xD800 <= value <= 0xDFFF:
            continue
        text = normalizer.normalize_str("a" + chr(value) + "b")
        words = [w for w, _ in pre_tokenizer.pre_tokenize_str(text)]
        out.write(format(value, "x") + "\t" + "\x01".join(words) + "\n")
