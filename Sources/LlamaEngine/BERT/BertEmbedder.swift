import Foundation

/// Sentence embeddings from a BERT GGUF file (as `ragflow model convert` or llama.cpp's
/// converter writes it): WordPiece tokens, the encoder, pooling as `bert.pooling_type` says,
/// L2 normalisation. Texts longer than the model's context are truncated.
///
/// ```swift
/// let embedder = try BertEmbedder(model: URL(fileURLWithPath: "models/all-MiniLM-L6-v2.Q8_0.gguf"))
/// let vectors = try embedder.embed(["How do I reset my password?", "Passwords expire yearly."])
/// let similarity = zip(vectors[0], vectors[1]).map(*).reduce(0, +)  // unit vectors: cosine
/// ```
public final class BertEmbedder: Sendable {
    /// Length of each embedding.
    public var dimension: Int { model.hidden }
    /// Most tokens of a text the encoder sees, `[CLS]` and `[SEP]` included; the rest is cut.
    public var maxTokens: Int { model.contextLength }
    /// How token states become one vector.
    public var pooling: BertPooling { model.pooling }
    /// The model's tokenizer, truncating at `maxTokens`.
    public let tokenizer: WordPieceTokenizer

    private let model: BertModel
    private let pool: ComputePool
    /// Tokens per forward batch: large enough for the matrix kernels to run at full speed,
    /// small enough to bound memory (activations take about 40 bytes × hidden per token).
    private let batchTokens = 4096
    /// Batches of fewer tokens (a search question) run on the calling thread alone: waking and
    /// joining the pool's threads for every one of the encoder's steps costs more than it saves.
    private let serialTokens = 64
    private let serial = ComputePool(threads: 1)

    /// Maps `model` and reads its weights; `threads` defaults to one per active core.
    public convenience init(model url: URL, threads: Int? = nil) throws {
        try self.init(model: url, threads: threads, tiles: true)
    }

    /// `tiles: false` keeps questions on the f32 FMA kernel instead of AMX bf16 tiles, to
    /// compare the two.
    package init(model url: URL, threads: Int? = nil, tiles: Bool) throws {
        let file = try GGUFFile(contentsOf: url)
        do {
            model = try BertModel(file: file, tiles: tiles)
            tokenizer = try WordPieceTokenizer(file: file, maxSequenceLength: model.contextLength)
        } catch let error as LlamaEngineError {
            throw error.inFile(file.path)
        }
        pool = threads.map { ComputePool(threads: $0) } ?? .shared
    }

    /// Unit-length embeddings of `texts`, in order.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        let sequences = texts.map { tokenizer.encode($0, addSpecialTokens: true) }
        return try embed(tokens: sequences)
    }

    /// Unit-length embeddings of already tokenised sequences (`[CLS] … [SEP]`, at most
    /// `maxTokens` each).
    public func embed(tokens sequences: [[Int32]]) throws -> [[Float]] {
        var result = [[Float]](repeating: [], count: sequences.count)
        // Similar lengths together keep batches dense; order is restored below.
        let order = sequences.indices.sorted { sequences[$0].count < sequences[$1].count }
        var start = 0
        while start < order.count {
            var end = start
            var tokens = 0
            while end < order.count && (end == start || tokens + sequences[order[end]].count <= batchTokens) {
                tokens += sequences[order[end]].count
                end += 1
            }
            let batch = order[start..<end]
            let vectors = try model.encode(batch.map { sequences[$0] }, pool: tokens < serialTokens ? serial : pool)
            for (index, vector) in zip(batch, vectors) { result[index] = BertMath.l2Normalized(vector) }
            start = end
        }
        return result
    }

    /// Tokens `text` takes, `[CLS]` and `[SEP]` included, after truncation at `maxTokens`.
    public func tokenCount(_ text: String) -> Int {
        tokenizer.tokenCount(text)
    }
}
