import Foundation

/// BERT's WordPiece tokenizer, giving the same ids as Hugging Face's `BertTokenizer`
/// (`tokenizers`' `BertNormalizer`, `BertPreTokenizer`, `WordPiece` and `[CLS] … [SEP]`
/// template): lower-casing, accent stripping, CJK ideographs as single words, punctuation
/// split off, control characters dropped, words longer than 100 characters or with no
/// matching pieces as `[UNK]`, truncation at the model's context.
///
/// Built from a GGUF file's vocabulary, which stores pieces as llama.cpp's converter writes
/// them: a word-initial piece `play` as `▁play`, a continuation `##ing` as `ing`, control tokens
/// (`[CLS]`) unchanged.
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(file: GGUFFile(contentsOf: modelURL))
/// tokenizer.encode("Héllo, world!", addSpecialTokens: true)  // [101, 7592, 1010, 2088, 999, 102]
/// ```
public struct WordPieceTokenizer: Tokenizer {
    /// How text is normalised and how long sequences may be.
    public struct Configuration: Sendable {
        /// Lower-case the text (`tokenizer.ggml.normalizer.lowercase`; true for "uncased").
        public var lowercase: Bool
        /// Strip accents; when nil, follows `lowercase` as BERT does.
        public var stripAccents: Bool?
        /// Longest sequence `encode` returns, `[CLS]` and `[SEP]` included; nil for no limit.
        public var maxSequenceLength: Int?
        /// Words with more characters than this become `[UNK]`.
        public var maxCharactersPerWord: Int

        public init(
            lowercase: Bool = true, stripAccents: Bool? = nil, maxSequenceLength: Int? = nil,
            maxCharactersPerWord: Int = 100
        ) {
            self.lowercase = lowercase
            self.stripAccents = stripAccents
            self.maxSequenceLength = maxSequenceLength
            self.maxCharactersPerWord = maxCharactersPerWord
        }
    }

    /// The ids of the special tokens BERT uses.
    public struct SpecialTokens: Sendable, Equatable {
        public var classifier: Int32
        public var separator: Int32
        public var unknown: Int32
        public var padding: Int32

        public init(classifier: Int32, separator: Int32, unknown: Int32, padding: Int32) {
            self.classifier = classifier
            self.separator = separator
            self.unknown = unknown
            self.padding = padding
        }
    }

    /// GGUF token type of control tokens (`[CLS]`, `[SEP]`...), `llama_token_type` in llama.cpp.
    package static let controlTokenType: Int32 = 3
    /// The phantom space llama.cpp puts before word-initial pieces.
    package static let wordStartMarker: Unicode.Scalar = "\u{2581}"

    public let vocabularySize: Int
    public let specialTokens: SpecialTokens
    public let configuration: Configuration
    private let normalizer: WordPieceNormalizer
    private let wordStarts: [String: Int32]
    private let continuations: [String: Int32]
    /// Control tokens that are recognised verbatim in input text, longest first.
    private let controlTokens: [(text: [Unicode.Scalar], id: Int32)]
    private let pieces: [String]
    private let isControl: [Bool]
    private let longestPiece: Int

    /// A tokenizer over `tokens` in GGUF form (see the type's summary). `tokenTypes` are GGUF
    /// token types, one per token; control tokens are matched verbatim before normalisation.
    public init(
        tokens: [String], tokenTypes: [Int32], specialTokens: SpecialTokens,
        configuration: Configuration = Configuration()
    ) throws {
        guard tokens.count == tokenTypes.count else {
            throw LlamaEngineError(
                .mismatch, "\(tokens.count) tokens but \(tokenTypes.count) token types",
                key: "tokenizer.ggml.token_type")
        }
        for (name, id) in [
            ("classifier", specialTokens.classifier), ("separator", specialTokens.separator),
            ("unknown", specialTokens.unknown), ("padding", specialTokens.padding),
        ] where id < 0 || Int(id) >= tokens.count {
            throw LlamaEngineError(
                .mismatch, "\(name) token id \(id) is outside the vocabulary of \(tokens.count)")
        }
        var wordStarts: [String: Int32] = [:]
        var continuations: [String: Int32] = [:]
        var controlTokens: [(text: [Unicode.Scalar], id: Int32)] = []
        var longest = 0
        for (index, token) in tokens.enumerated() {
            let id = Int32(index)
            if tokenTypes[index] == Self.controlTokenType {
                if !token.isEmpty { controlTokens.append((Array(token.unicodeScalars), id)) }
                continue
            }
            // Scalar-wise: a piece starting with a combining mark joins the marker's Character.
            let isStart = token.unicodeScalars.first == Self.wordStartMarker
            let piece = isStart ? String(token.unicodeScalars.dropFirst()) : token
            guard !piece.isEmpty else { continue }
            longest = max(longest, piece.unicodeScalars.count)
            // The first id wins, as in a Hugging Face vocabulary read in order.
            if isStart {
                if wordStarts[piece] == nil { wordStarts[piece] = id }
            } else if continuations[piece] == nil {
                continuations[piece] = id
            }
        }
        controlTokens.sort { $0.text.count > $1.text.count }
        self.vocabularySize = tokens.count
        self.specialTokens = specialTokens
        self.configuration = configuration
        self.normalizer = WordPieceNormalizer(
            lowercase: configuration.lowercase,
            stripAccents: configuration.stripAccents ?? configuration.lowercase)
        self.wordStarts = wordStarts
        self.continuations = continuations
        self.controlTokens = controlTokens
        self.pieces = tokens
        self.isControl = tokenTypes.map { $0 == Self.controlTokenType }
        self.longestPiece = longest
    }

    public func encode(_ text: String, addSpecialTokens: Bool) -> [Int32] {
        var ids: [Int32] = addSpecialTokens ? [specialTokens.classifier] : []
        for segment in splitAtControlTokens(text) {
            switch segment {
            case .control(let id):
                ids.append(id)
            case .text(let substring):
                for word in normalizer.words(substring) {
                    appendPieces(of: word, to: &ids)
                }
            }
        }
        if let limit = configuration.maxSequenceLength {
            let keep = max(0, limit - (addSpecialTokens ? 1 : 0))
            if ids.count > keep { ids.removeLast(ids.count - keep) }
        }
        if addSpecialTokens { ids.append(specialTokens.separator) }
        return ids
    }

    /// Number of tokens `encode(text, addSpecialTokens: true)` gives, after truncation.
    public func tokenCount(_ text: String) -> Int {
        encode(text, addSpecialTokens: true).count
    }

    public func decode(_ tokens: [Int32]) -> String {
        var text = ""
        for token in tokens {
            let index = Int(token)
            guard index >= 0, index < pieces.count, !isControl[index] else { continue }
            let piece = pieces[index]
            if piece.unicodeScalars.first == Self.wordStartMarker {
                if !text.isEmpty { text.append(" ") }
                text.unicodeScalars.append(contentsOf: piece.unicodeScalars.dropFirst())
            } else {
                text.append(piece)
            }
        }
        return Self.cleanUpSpaces(text)
    }

    /// Greedy longest-match-first WordPiece over one word, `[UNK]` for the whole word when a
    /// position matches no piece.
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > configuration.maxCharactersPerWord {
            ids.append(specialTokens.unknown)
            return
        }
        let firstNew = ids.count
        var start = 0
        while start < word.count {
            var end = min(word.count, start + longestPiece)
            var found: Int32?
            while end > start {
                let candidate = String(String.UnicodeScalarView(word[start..<end]))
                if let id = start == 0 ? wordStarts[candidate] : continuations[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeLast(ids.count - firstNew)
                ids.append(specialTokens.unknown)
                return
            }
            ids.append(id)
            start = end
        }
    }

    private enum Segment {
        case text(Substring)
        case control(Int32)
    }

    /// `text` cut around verbatim occurrences of control tokens (leftmost, longest first),
    /// as `tokenizers` extracts special added tokens before normalising.
    private func splitAtControlTokens(_ text: String) -> [Segment] {
        guard !controlTokens.isEmpty else { return [.text(Substring(text))] }
        let scalars = text.unicodeScalars
        var segments: [Segment] = []
        var segmentStart = scalars.startIndex
        var index = scalars.startIndex
        scan: while index < scalars.endIndex {
            for (tokenText, id) in controlTokens where scalars[index] == tokenText[0] {
                if scalars[index...].starts(with: tokenText) {
                    if segmentStart < index {
                        segments.append(.text(Substring(scalars[segmentStart..<index])))
                    }
                    segments.append(.control(id))
                    index = scalars.index(index, offsetBy: tokenText.count)
                    segmentStart = index
                    continue scan
                }
            }
            index = scalars.index(after: index)
        }
        if segmentStart < scalars.endIndex {
            segments.append(.text(Substring(scalars[segmentStart...])))
        }
        return segments
    }

    /// The clean-up Hugging Face's WordPiece decoder applies: no space before punctuation
    /// and English contractions.
    private static func cleanUpSpaces(_ text: String) -> String {
        var result = text
        for (from, to) in [
            (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
            (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
        ] {
            result = result.replacingOccurrences(of: from, with: to)
        }
        return result
    }
}
