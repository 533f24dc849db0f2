#!/usr/bin/env python3
"""Writes sentences.txt: the varied, seeded sentence set the tokenizer and embedder parity tests
use (short, long beyond 256 tokens, accents, CJK, code, numbers, emoji, control characters,
special tokens, over-long words). One sentence per line; tabs and other controls are kept as
JSON-style escapes so the file stays one sentence per line: see make_goldens.py.

Usage: make_sentences.py > sentences.jsonl   (one JSON string per line)
"""
import json, random, sys
import email, http.client, json as jsonmod, argparse, collections, textwrap, unittest, decimal

rng = random.Random(20261121)

hand = [
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "A",
    "?",
    "   leading and trailing spaces   ",
    "UPPER CASE SENTENCE WITH MIXED Case words",
    "Héllo wörld, café crème brûlée à la carte, naïve façade, Ångström, Øresund, Łódź.",
    "Ça va? Où est la bibliothèque? Es ist schön, daß du hier bist. ¿Dónde está el baño?",
    "Ελληνικά: Καλημέρα κόσμε. Русский: Привет, мир! Українська: Привіт, світе!",
    "İstanbul, Şişli, Ğ ğ ı I İ — Turkish dotted and dotless i.",
    "日本語の文章です。東京は大きい都市です。",
    "我想在apple工作1314151天～ 中文句子，有标点符号。",
    "한국어 문장입니다. 서울은 큰 도시입니다.",
    "Mixed 中文 and English with 数字 123 and 漢字.",
    "ภาษาไทย ไม่มีช่องว่างระหว่างคำ",
    "العربية: مرحبا بالعالم. עברית: שלום עולם.",
    "हिन्दी में एक वाक्य। বাংলা বাক্য।",
    "Emoji: 😀 😃 😄 🚀 🦙🦙 ✅ ❤️ 👍🏽 👨‍👩‍👧‍👦 🇫🇷",
    "Newer emoji 🥲 🫠 🪿 and a lonely 🦄 unicorn.",
    "def tokenize(text: str) -> list[int]:\n    return [vocab[w] for w in text.split()]",
    "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // dot product",
    "SELECT id, name FROM users WHERE age >= 21 AND email LIKE '%@example.com';",
    "let x = try await client.fetch(url: URL(string: \"https://example.com/a?b=c&d=e\")!)",
    "<div class=\"main\"><p>HTML &amp; entities &lt;tag&gt;</p></div>",
    "{\"key\": [1, 2.5, -3e10, true, null], \"nested\": {\"a\": \"b\"}}",
    "git commit -m 'Fix: off-by-one in WordPiece' && git push origin main --force-with-lease",
    "Numbers: 3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3 1,000,000 1e-12 0x1F",
    "Prices: $19.99, €5,50, £100, ¥1000, ₹250, 50% off, +33 (0)1 23 45 67 89",
    "Dates 2026-11-21T21:55:46Z and 21/11/2026 and Nov. 21st, 2026 at 9:55 p.m.",
    "Math: ∑_{i=1}^{n} x_i² ≤ √(n·∑x_i⁴), α+β=γ, ∞ ≠ 0, ∂f/∂x, ∫₀¹ f(x) dx",
    "Punctuation ''''''```````\"\"\"\"......!!!!!!?????? ------======= ~~~ ^^^ |||",
    "I've been 'told he's there, 'RE you sure? 'M not sure I'll make it, 'D you like some tea? We'Ve a'lL",
    "Control\tcharacters\x00 and\x07 bells\r\nand\x0bvertical\x0c tabs\u200b zero width\u200d joiner",
    "Non-breaking\u00a0space, em\u2003space, ideographic\u3000space, line\u2028separator",
    "Special tokens in text: [CLS] hello [SEP] [MASK] world [PAD] [UNK] [cls] [unused0]",
    "A very long word: " + "pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
    "Exactly hundred: " + "a" * 100 + " and hundred-one: " + "b" * 101,
    "Supercalifragilisticexpialidocious antidisestablishmentarianism floccinaucinihilipilification",
    "https://www.example.org/path/to/page.html?query=value#fragment and mailto:someone@example.com",
    "C:\\Users\\name\\Documents\\file.txt and /usr/local/bin/ragflow --model models/x.gguf",
    "Combining: e\u0301 a\u0300 o\u0308 n\u0303 (decomposed) vs é à ö ñ (precomposed)",
    "Fullwidth ＡＢＣ１２３ and halfwidth ｶﾀｶﾅ, ligature ﬁ ﬂ, roman Ⅻ, superscript ¹²³",
    "Compatibility ideographs 豈 更 車 and rare CJK 𠀀 𪜀 𫝀",
    "Tiếng Việt có nhiều dấu: Nguyễn, Phở, Đà Nẵng, Hà Nội.",
    "Polski: zażółć gęślą jaźń. Čeština: příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Scientific: H₂O, CO₂, E=mc², 6.022×10²³ mol⁻¹, 37°C, 5 µm, 10 Ω",
    "Bullet list: • first ◦ second ▪ third → arrow ← back ↔ both",
    "Quotes: “double” ‘single’ «guillemets» „German“ 「Japanese」 『nested』",
    "Repeated        whitespace\n\n\nnewlines\t\t\ttabs",
    "",
]
hand = [s for s in hand if s.strip()]

docs = [m.__doc__ for m in (email, http.client, jsonmod, argparse, collections, textwrap, unittest, decimal) if m.__doc__]
words = " ".join(docs).split()

def long_text(n_words):
    start = rng.randrange(0, max(1, len(words) - n_words))
    return " ".join(words[start:start + n_words])

longs = [long_text(rng.randrange(220, 700)) for _ in range(30)]

alphabet_words = [w.strip(".,;:()[]\"'") for w in words if w.isalpha()]
extras = ["café", "naïve", "東京", "数据", "😀", "42", "3.14", "x_1", "foo()", "#tag", "@user",
          "e-mail", "Ünïcödé", "ß", "Σίσυφος", "中文", "ℌ", "→", "√2", "100%"]

def random_sentence():
    n = rng.randrange(3, 60)
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.8:
            w = rng.choice(alphabet_words)
            if rng.random() < 0.2:
                w = w.capitalize()
            parts.append(w)
        else:
            parts.append(rng.choice(extras))
    s = " ".join(parts)
    return s[0].upper() + s[1:] + rng.choice([".", "!", "?", "", "...", ";"])

generated = [random_sentence() for _ in range(200 - len(hand) - len(longs) + 20)]
for s in hand + longs + generated:
    print(json.dumps(s, ensure_ascii=False))
