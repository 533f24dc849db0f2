/// Estimates tokens from words until the embedder's own tokenizer counts them: a run of letters
/// or digits is one token plus one per further 8 characters (long words split into word pieces),
/// each ideograph and each other visible character (punctuation, symbols) is one token.
///
/// ```swift
/// WordTokenCounter().countTokens(in: "Hello, world!")  // 4
/// ```
public struct WordTokenCounter: TokenCounter {
    public init() {}

    public var identifier: String { "words-v1" }

    public func countTokens(in text: Substring) -> Int {
        var tally = Tally()
        for scalar in text.unicodeScalars { tally.add(scalar) }
        return tally.total
    }

    /// The count over scalars already classified, so that chunkers need not build a string per
    /// word nor classify a scalar twice.
    static func count(_ classes: ArraySlice<ScalarClass>) -> Int {
        var tally = Tally()
        for index in classes.indices { tally.add(classes[index]) }
        return tally.total
    }

    private struct Tally {
        private var tokens = 0
        private var run = 0

        mutating func add(_ scalar: Unicode.Scalar) { add(ScalarClass(scalar)) }

        mutating func add(_ kind: ScalarClass) {
            switch kind {
            case .word:
                run += 1
                return
            case .space:
                break
            case .symbol:
                tokens += 1
            }
            closeRun()
        }

        private mutating func closeRun() {
            if run > 0 { tokens += 1 + (run - 1) / 8 }
            run = 0
        }

        var total: Int {
            var copy = self
            copy.closeRun()
            return copy.tokens
        }
    }
}

/// How the word estimate and the chunkers see one scalar. Scalars of the Basic Multilingual
/// Plane are looked up in a table built once: Unicode property lookups dominated the chunkers'
/// time otherwise.
enum ScalarClass: UInt8 {
    /// Letters (not ideographs), digits, combining marks: part of a word.
    case word
    case space
    /// Punctuation, symbols, ideographs: a token each.
    case symbol

    init(_ scalar: Unicode.Scalar) { self.init(scalar, table: Self.table) }

    /// With the table passed in, a loop reaches the lazily built table once, not per scalar.
    init(_ scalar: Unicode.Scalar, table: [ScalarClass]) {
        let value = scalar.value
        self = value < 0x1_0000 ? table[Int(value)] : Self.classify(scalar)
    }

    static let table: [ScalarClass] = (0..<0x1_0000).map { value in
        Unicode.Scalar(UInt32(value)).map(classify) ?? .symbol
    }

    private static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        if properties.isAlphabetic && !properties.isIdeographic || properties.numericType != nil
            || properties.generalCategory == .nonspacingMark {
            return .word
        }
        return .symbol
    }
}
