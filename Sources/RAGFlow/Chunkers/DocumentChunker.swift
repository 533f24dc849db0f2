/// Cuts a cleaned document into chunks.
public protocol DocumentChunker: Sendable {
    func chunk(_ document: Document) throws -> [Chunk]
}

/// Counts tokens the way the embedder will: with its tokenizer when one is loaded, otherwise an
/// estimate from words.
public protocol TokenCounter: Sendable {
    func countTokens(in text: Substring) -> Int
}
