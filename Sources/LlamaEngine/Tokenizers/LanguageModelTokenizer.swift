/// A generative model's tokenizer (SentencePiece-style or byte-level BPE): what `Tokenizer`
/// offers plus control over special tokens in text and the raw bytes of each token, which a
/// streaming decoder needs because one character may span several tokens.
///
/// ```swift
/// let tokenizer = try TokenVocabulary(gguf: file).makeTokenizer()
/// let ids = tokenizer.encode("<|start_header_id|>user", addSpecialTokens: true, parseSpecial: true)
/// print(tokenizer.decode(ids))
/// ```
public protocol LanguageModelTokenizer: Tokenizer {
    var vocabulary: TokenVocabulary { get }

    /// Token ids for `text`. With `addSpecialTokens`, adds BOS/EOS as the vocabulary says; with
    /// `parseSpecial`, control tokens written in the text (`<|eot_id|>`) become their ids,
    /// otherwise they are tokenized as plain text. User-defined tokens are always recognised.
    func encode(_ text: String, addSpecialTokens: Bool, parseSpecial: Bool) -> [Int32]

    /// The bytes `token` stands for; control tokens give their text only with `renderSpecial`.
    func pieceBytes(_ token: Int32, renderSpecial: Bool) -> [UInt8]
}

extension LanguageModelTokenizer {
    public var vocabularySize: Int { vocabulary.tokens.count }

    public func encode(_ text: String, addSpecialTokens: Bool) -> [Int32] {
        encode(text, addSpecialTokens: addSpecialTokens, parseSpecial: false)
    }

    /// Text for `tokens`, control tokens left out; invalid UTF-8 becomes U+FFFD.
    public func decode(_ tokens: [Int32]) -> String {
        decode(tokens, renderSpecial: false)
    }

    /// Text for `tokens`; with `renderSpecial`, control tokens appear as their text.
    public func decode(_ tokens: [Int32], renderSpecial: Bool) -> String {
        var bytes: [UInt8] = []
        var atStart = true
        for token in tokens {
            var piece = pieceBytes(token, renderSpecial: renderSpecial)
            // SentencePiece: the space the encoder put in front of the text is not the text's.
            if atStart, !piece.isEmpty {
                if stripsLeadingSpace, piece.first == 0x20 { piece.removeFirst() }
                atStart = false
            }
            bytes += piece
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether decoding drops the space that encoding put before the text (SentencePiece).
    var stripsLeadingSpace: Bool {
        vocabulary.model == .sentencePiece && vocabulary.addSpacePrefix
    }
}
