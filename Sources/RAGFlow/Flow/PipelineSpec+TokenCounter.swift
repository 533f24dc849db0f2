import Foundation
import LlamaEngine

extension PipelineSpec {
    /// What the chunkers count tokens with: the embedder's own tokenizer when the pipeline has an
    /// embedder whose GGUF file can be read, so that a chunk of `chunk_size` tokens is what the
    /// embedder sees; otherwise the word estimate (``WordTokenCounter``).
    ///
    /// Only the vocabulary is read; the weights stay unmapped until something embeds.
    ///
    /// ```swift
    /// let processor = try PipelineProcessor(spec: spec, tokenCounter: spec.chunkTokenCounter())
    /// ```
    public func chunkTokenCounter() -> any TokenCounter {
        guard let embedder, FileManager.default.isReadableFile(atPath: embedder.model),
            let identity = try? ModelFileIdentity(path: embedder.model),
            let file = try? GGUFFile(contentsOf: URL(fileURLWithPath: embedder.model)),
            // Counting never truncates: a long text has all its tokens counted.
            let tokenizer = try? WordPieceTokenizer(file: file, maxSequenceLength: nil)
        else { return WordTokenCounter() }
        return TokenizerCounter(tokenizer: tokenizer, identifier: "wordpiece:\(identity.digest)")
    }
}
