/// Cuts a cleaned document into chunks.
///
/// A chunker's chunks are numbered from 0 in text order; each chunk's text is exactly the
/// document text at its range, its range lies within the text, and ranges start in increasing
/// order (they overlap only by the configured overlap).
public protocol DocumentChunker: Sendable {
    func chunk(_ document: Document) throws -> [Chunk]
}

/// Counts tokens the way the embedder will: with its tokenizer when one is loaded, otherwise an
/// estimate from words (``WordTokenCounter``).
///
/// Chunkers count words (runs without whitespace) one by one and add the counts, so a counter
/// should give a text split at whitespace at most the sum of its parts' counts, as WordPiece does.
public protocol TokenCounter: Sendable {
    /// Names the counter and its vocabulary (`"words-v1"`, `"wordpiece:<model sha>"`): part of the
    /// pipeline fingerprint, since another counter cuts other chunks.
    var identifier: String { get }

    func countTokens(in text: Substring) -> Int
}
