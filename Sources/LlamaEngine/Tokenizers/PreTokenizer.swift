/// Splits text into the words a byte-level BPE merges within, as the regexes named by
/// `tokenizer.ggml.pre` do in llama.cpp. The regexes are matched by hand (they are few and
/// fixed), which is exact for them and far faster than a general regex engine.
///
/// | name | regexes, applied in turn to each piece |
/// |---|---|
/// | `llama-bpe` (Llama 3) | `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+` |
/// | `qwen2` | the same with `\p{N}` for `\p{N}{1,3}` |
/// | `gpt-2` | `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)` |
/// | `smollm` (and StarCoder) | `\p{N}`, then GPT-2's |
/// | `default` | `[\p{P}\$\+<=>\^~\|]+`, GPT-2's, `\p{N}+`, `[0-9][0-9][0-9]` |
struct PreTokenizer: Sendable {
    enum Step: Sendable, Equatable {
        /// Llama 3's regex; `maxDigits` is 3 for Llama 3, 1 for Qwen 2.
        case llama3(maxDigits: Int)
        case gpt2
        /// Runs of a class: `\p{N}` is `.run(.number, exactly: 1)`, `\p{N}+` is `.run(.number, nil)`.
        case run(CharacterClass, exactly: Int?)
    }

    enum CharacterClass: Sendable, Equatable {
        case number, asciiDigit
        /// `[\p{P}\$\+<=>\^~\|]`
        case punctuationAndSymbols
    }

    let steps: [Step]
    /// Llama 3 looks a whole word up before merging (`ignore_merges` in tokenizer.json).
    let ignoresMerges: Bool

    init(steps: [Step], ignoresMerges: Bool = false) {
        self.steps = steps
        self.ignoresMerges = ignoresMerges
    }

    /// The pre-tokenizer llama.cpp picks for `name` (nil: `default`).
    init(name: String?) throws {
        switch name ?? "default" {
        case "default":
            self.init(steps: [
                .run(.punctuationAndSymbols, exactly: nil), .gpt2, .run(.number, exactly: nil),
                .run(.asciiDigit, exactly: 3),
            ])
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "pixtral":
            self.init(steps: [.llama3(maxDigits: 3)], ignoresMerges: true)
        case "dbrx", "smaug-bpe", "chatglm-bpe":
            self.init(steps: [.llama3(maxDigits: 3)])
        case "qwen2", "stablelm2", "hunyuan", "grok-2":
            self.init(steps: [.llama3(maxDigits: 1)])
        case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v1-en", "jina-v2-es", "jina-v2-de",
            "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "trillion":
            self.init(steps: [.gpt2])
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b":
            self.init(steps: [.run(.number, exactly: 1), .gpt2])
        default:
            throw LlamaEngineError(.unsupported, "unknown pre-tokenizer '\(name ?? "")'", key: GGUFKey.tokenizerPre.name)
        }
    }

    /// The words of `scalars`, as ranges into it.
    func split(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let flags = scalars.map(ScalarFlags.init)
        var pieces = [0..<scalars.count]
        for step in steps {
            var next: [Range<Int>] = []
            next.reserveCapacity(pieces.count * 2)
            for piece in pieces where !piece.isEmpty {
                var matcher = WordMatcher(scalars: scalars, flags: flags, end: piece.upperBound)
                var start = piece.lowerBound
                var gapStart = start
                while start < piece.upperBound {
                    guard let end = matcher.match(step, at: start) else {
                        start += 1
                        continue
                    }
                    if gapStart < start { next.append(gapStart..<start) }
                    next.append(start..<end)
                    start = end
                    gapStart = end
                }
                if gapStart < piece.upperBound { next.append(gapStart..<piece.upperBound) }
            }
            pieces = next
        }
        return pieces
    }
}

/// The Unicode classes the regexes test, computed once per scalar.
struct ScalarFlags: Sendable {
    var bits: UInt8
    static let letter: UInt8 = 1, number: UInt8 = 2, whitespace: UInt8 = 4, punctuation: UInt8 = 8

    init(_ scalar: Unicode.Scalar) {
        let properties = scalar.properties
        var bits: UInt8 = properties.isWhitespace ? Self.whitespace : 0
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            bits |= Self.letter
        case .decimalNumber, .letterNumber, .otherNumber:
            bits |= Self.number
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            bits |= Self.punctuation
        default:
            break
        }
        self.bits = bits
    }

    var isLetter: Bool { bits & Self.letter != 0 }
    var isNumber: Bool { bits & Self.number != 0 }
    var isWhitespace: Bool { bits & Self.whitespace != 0 }
    var isPunctuation: Bool { bits & Self.punctuation != 0 }
    /// `[^\s\p{L}\p{N}]`
    var isOther: Bool { bits & (Self.letter | Self.number | Self.whitespace) == 0 }
}

/// Matches one regex alternative list at a position; returns the end of the match.
private struct WordMatcher {
    let scalars: [Unicode.Scalar]
    let flags: [ScalarFlags]
    let end: Int

    func isNewline(_ i: Int) -> Bool { scalars[i] == "\r" || scalars[i] == "\n" }

    /// End of the run of scalars from `i` that satisfy `test`.
    func run(from i: Int, limit: Int = .max, _ test: (ScalarFlags) -> Bool) -> Int {
        var j = i
        while j < end, j - i < limit, test(flags[j]) { j += 1 }
        return j
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d`, optionally ignoring case.
    func contraction(at i: Int, ignoringCase: Bool) -> Int? {
        guard scalars[i] == "'", i + 1 < end else { return nil }
        func letter(_ k: Int) -> Unicode.Scalar {
            let s = scalars[k]
            return ignoringCase && s.value >= 65 && s.value <= 90 ? Unicode.Scalar(s.value + 32)! : s
        }
        let first = letter(i + 1)
        if first == "s" || first == "t" || first == "m" || first == "d" { return i + 2 }
        guard i + 2 < end else { return nil }
        switch (first, letter(i + 2)) {
        case ("r", "e"), ("v", "e"), ("l", "l"): return i + 3
        default: return nil
        }
    }

    mutating func match(_ step: PreTokenizer.Step, at i: Int) -> Int? {
        switch step {
        case .llama3(let maxDigits): matchLlama3(at: i, maxDigits: maxDigits)
        case .gpt2: matchGPT2(at: i)
        case .run(let cls, let exactly): matchRun(cls, exactly: exactly, at: i)
        }
    }

    func matchRun(_ cls: PreTokenizer.CharacterClass, exactly: Int?, at i: Int) -> Int? {
        let test: (Int) -> Bool
        switch cls {
        case .number: test = { flags[$0].isNumber }
        case .asciiDigit: test = { scalars[$0].value >= 48 && scalars[$0].value <= 57 }
        case .punctuationAndSymbols:
            test = { flags[$0].isPunctuation || "$+<=>^~|".unicodeScalars.contains(scalars[$0]) }
        }
        var j = i
        while j < end, test(j), j - i < (exactly ?? .max) { j += 1 }
        if let exactly { return j - i == exactly ? j : nil }
        return j > i ? j : nil
    }

    func matchLlama3(at i: Int, maxDigits: Int) -> Int? {
        if let e = contraction(at: i, ignoringCase: true) { return e }
        let f = flags[i]
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if f.isLetter { return run(from: i) { $0.isLetter } }
        if !isNewline(i), !f.isNumber, i + 1 < end, flags[i + 1].isLetter {
            return run(from: i + 1) { $0.isLetter }
        }
        // \p{N}{1,maxDigits}
        if f.isNumber { return run(from: i, limit: maxDigits) { $0.isNumber } }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        let symbol = scalars[i] == " " ? i + 1 : i
        if symbol < end, flags[symbol].isOther {
            var j = run(from: symbol) { $0.isOther }
            while j < end, isNewline(j) { j += 1 }
            return j
        }
        return matchWhitespace(at: i, newlinesFirst: true)
    }

    func matchGPT2(at i: Int) -> Int? {
        if let e = contraction(at: i, ignoringCase: false) { return e }
        // ' ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+'
        let first = scalars[i] == " " ? i + 1 : i
        if first < end {
            let f = flags[first]
            if f.isLetter { return run(from: first) { $0.isLetter } }
            if f.isNumber { return run(from: first) { $0.isNumber } }
            if f.isOther { return run(from: first) { $0.isOther } }
        }
        return matchWhitespace(at: i, newlinesFirst: false)
    }

    /// `\s*[\r\n]+` (Llama 3 only), then `\s+(?!\S)`, then `\s+`.
    func matchWhitespace(at i: Int, newlinesFirst: Bool) -> Int? {
        var j = i
        var afterLastNewline: Int?
        while j < end, flags[j].isWhitespace {
            if isNewline(j) { afterLastNewline = j + 1 }
            j += 1
        }
        if j == i { return nil }
        if newlinesFirst, let afterLastNewline { return afterLastNewline }
        // Leave the last space to the word after it.
        if j - i > 1, j < end { return j - 1 }
        return j
    }
}
