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
        var tokens = 0
        var run = 0
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic && !properties.isIdeographic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                run += 1
                continue
            }
            if run > 0 { tokens += 1 + (run - 1) / 8; run = 0 }
            if !properties.isWhitespace { tokens += 1 }
        }
        if run > 0 { tokens += 1 + (run - 1) / 8 }
        return tokens
    }
}
