import LlamaEngine

/// Counts tokens with a model's own tokenizer (the embedder's WordPiece), without the special
/// tokens a model adds around a sequence: what the chunkers use once the embedder is loaded.
///
/// ```swift
/// let counter = TokenizerCounter(tokenizer: model.tokenizer, identifier: "wordpiece:\(modelDigest)")
/// let processor = try PipelineProcessor(spec: spec, tokenCounter: counter)
/// ```
public struct TokenizerCounter: TokenCounter {
    public let tokenizer: any Tokenizer
    /// Names the tokenizer and its vocabulary, for the pipeline fingerprint.
    public let identifier: String

    public init(tokenizer: any Tokenizer, identifier: String) {
        self.tokenizer = tokenizer
        self.identifier = identifier
    }

    public func countTokens(in text: Substring) -> Int {
        tokenizer.encode(String(text), addSpecialTokens: false).count
    }
}
