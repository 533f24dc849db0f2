import Foundation
import VectorIndex

/// The retriever stage: finds the chunks of a store that best answer a question, by vector
/// search over the HNSW index, BM25 over the FTS5 index, or both fused (reciprocal rank fusion
/// or a weighted sum), with metadata filters, a minimum score and optional MMR.
///
/// Vector search needs an embedding model whose fingerprint matches the vectors in the store;
/// without one, `vector` and `hybrid` fall back to BM25 and ``Retrieval/notes`` says why.
///
/// ```swift
/// let spec = try PipelineSpec.builtInDefault()
/// let retriever = Retriever(store: store, settings: spec.retriever ?? RetrieverSettings(),
///                           model: EmbeddingModel.load(for: spec))
/// let result = try retriever.retrieve("how do I undo the last commit")
/// for chunk in result.chunks { print(chunk.rank, chunk.source, chunk.score) }
/// ```
public struct Retriever: Sendable {
    public let store: Store
    public var settings: RetrieverSettings
    /// Why vector search is unavailable, or `nil` when it works.
    public let vectorProblem: String?
    private let model: EmbeddingModel?
    private let index: VectorIndex?

    /// A retriever over `store`. `model` is the pipeline's embedder or why it could not load.
    public init(store: Store, settings: RetrieverSettings, model: Result<EmbeddingModel, RAGFlowError>) {
        self.store = store
        self.settings = settings
        switch model {
        case .failure(let error):
            self.model = nil
            index = nil
            vectorProblem = "no embedding model (\(error))"
        case .success(let model):
            switch Retriever.openIndex(store: store, model: model) {
            case .success(let opened):
                self.model = model
                index = opened
                vectorProblem = nil
            case .failure(let problem):
                self.model = nil
                index = nil
                vectorProblem = problem.message
            }
        }
    }

    /// A retriever over `store` as its pipeline (`spec`) sets it up: the retriever settings
    /// (defaults without a retriever stage) and the embedder, if its model file is there.
    public init(store: Store, pipeline spec: PipelineSpec) {
        self.init(store: store, settings: spec.retriever ?? RetrieverSettings(), model: EmbeddingModel.load(for: spec))
    }

    /// The pipeline that built `store`: the file its last ingest recorded (or the copy of it the
    /// store kept, when the file is gone), or the built-in default.
    public static func pipeline(of store: Store) throws -> PipelineSpec {
        try PipelineDefinition(recordedIn: store, registry: .builtIn, warning: { _ in }).spec
    }

    private static func openIndex(store: Store, model: EmbeddingModel) -> Result<VectorIndex, RAGFlowError> {
        let directory = store.vectorDirectory.path
        guard FileManager.default.fileExists(atPath: directory) else {
            return .failure(RAGFlowError(.store, "the store has no vector index yet; run `ragflow ingest` with the embedding model present"))
        }
        guard let recorded = try? store.vectorEmbedder(), recorded == model.fingerprint else {
            return .failure(RAGFlowError(.store, "the store's vectors were made by another embedding model; run `ragflow ingest` to rebuild them"))
        }
        do {
            let index = try VectorIndex.open(at: directory, mode: .readOnly)
            guard index.dimension == model.dimension else {
                return .failure(RAGFlowError(.store, "the vector index has dimension \(index.dimension), the model \(model.dimension)"))
            }
            return .success(index)
        } catch {
            return .failure(RAGFlowError(.store, "cannot open the vector index: \(error)"))
        }
    }

    /// The chunks that best answer `question`. `mode`, `topK` and `filter` override the settings.
    public func retrieve(
        _ question: String, mode: RetrievalMode? = nil, topK: Int? = nil, filter: RetrievalFilter? = nil
    ) throws -> Retrieval {
        let topK = topK ?? settings.topK
        guard topK >= 1 else { throw RAGFlowError(.invalidArgument, "top_k must be at least 1") }
        var mode = mode ?? settings.mode
        var notes: [String] = []
        if mode != .bm25, let vectorProblem {
            notes.append("\(mode.rawValue) retrieval is unavailable, using bm25: \(vectorProblem)")
            mode = .bm25
        }
        let filter = filter ?? settings.filters.retrievalFilter
        let allowed = filter.isEmpty ? nil : try store.chunkIDs(matching: filter)
        if let allowed, allowed.isEmpty { return Retrieval(chunks: [], mode: mode, notes: notes) }
        let candidates = max(settings.candidates, topK)
        try? index?.refresh()

        var ranked: [(id: Int64, score: Double)]
        switch mode {
        case .bm25:
            ranked = try store.bm25Candidates(question, limit: candidates, allowed: allowed)
        case .vector:
            ranked = try vectorCandidates(question, limit: candidates, allowed: allowed)
        case .hybrid:
            // The question's embedding and BM25 take similar time on different resources: run
            // them side by side (the embedding of a question stays on one thread).
            let (vector, bm25) = try Retriever.concurrently(
                { [self] in try vectorCandidates(question, limit: candidates, allowed: allowed) },
                { try store.bm25Candidates(question, limit: candidates, allowed: allowed) })
            switch settings.fusion {
            case .rrf:
                ranked = RankFusion.reciprocalRank(
                    [vector.map { $0.id }, bm25.map { $0.id }], k: Double(settings.rrfK),
                    weights: [settings.vectorWeight, 1 - settings.vectorWeight])
            case .weighted:
                ranked = RankFusion.weightedSum([vector, bm25], weights: [settings.vectorWeight, 1 - settings.vectorWeight])
            }
        }
        if let minScore = settings.minScore { ranked = ranked.filter { $0.score >= minScore } }
        // Vectors of chunks removed since the last embedding run name no chunk: drop them here.
        // Without MMR only the first top_k are needed, so the texts are read a few at a time.
        var chunks: [Int64: RetrievedChunk] = [:]
        var read = 0
        while read < ranked.count && (settings.mmr || chunks.count < topK) {
            let part = ranked[read..<(settings.mmr ? ranked.count : min(ranked.count, read + topK - chunks.count))]
            chunks.merge(try store.retrievedChunks(ids: part.map { $0.id })) { first, _ in first }
            read = part.endIndex
        }
        ranked = ranked.prefix(read).filter { chunks[$0.id] != nil }
        let order = settings.mmr ? diversified(ranked, count: topK) : Array(ranked.prefix(topK))
        let result = order.enumerated().map { position, item in
            var chunk = chunks[item.id]!
            chunk.rank = position + 1
            chunk.score = item.score
            return chunk
        }
        return Retrieval(chunks: result, mode: mode, notes: notes)
    }

    /// Nearest chunks to the question's embedding; the score is the similarity (higher is closer).
    private func vectorCandidates(_ question: String, limit: Int, allowed: Set<Int64>?) throws -> [(id: Int64, score: Double)] {
        guard let model, let index, index.count > 0 else { return [] }
        let query = try model.embedQuery(question)
        let filter = allowed.map { SearchFilter.allowedIDs(Set($0.map { UInt64(bitPattern: $0) })) }
        let hits: [SearchResult]
        do {
            hits = try index.search(query, k: limit, ef: max(index.parameters.efSearch, limit), filter: filter)
        } catch {
            throw RAGFlowError(.store, "vector search failed: \(error)", file: index.path)
        }
        let metric = index.metric
        return hits.map { hit in
            (Int64(bitPattern: hit.id), metric == .l2 ? -Double(hit.distance) : 1 - Double(hit.distance))
        }
    }

    /// `first()` on another thread while `second()` runs on this one; both results, or the
    /// first error.
    private static func concurrently<A: Sendable, B>(
        _ first: @escaping @Sendable () throws -> A, _ second: () throws -> B
    ) throws -> (A, B) {
        let result = LockedValue<Result<A, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            let value = Result { try first() }
            result.withValue { $0 = value }
            done.signal()
        }
        let secondResult = Result { try second() }
        done.wait()
        let firstValue = try result.withValue { $0! }.get()
        return (firstValue, try secondResult.get())
    }

    /// MMR over the ranked candidates, relevance scaled to 0...1; without vectors, the ranking as is.
    private func diversified(_ ranked: [(id: Int64, score: Double)], count: Int) -> [(id: Int64, score: Double)] {
        guard let index, !ranked.isEmpty else { return Array(ranked.prefix(count)) }
        let pool = ranked.filter { index.contains(UInt64(bitPattern: $0.id)) }
        let vectors = pool.map { item in Retriever.unit(index.vector(for: UInt64(bitPattern: item.id)) ?? []) }
        let low = pool.map { $0.score }.min() ?? 0, high = pool.map { $0.score }.max() ?? 1
        let relevance = pool.map { Float(high > low ? ($0.score - low) / (high - low) : 1) }
        let picked = MaximalMarginalRelevance.select(
            relevance: relevance, vectors: vectors, lambda: Float(settings.mmrLambda), count: count)
        return picked.map { pool[$0] }
    }

    /// `vector` scaled to unit length (zeros stay zeros).
    private static func unit(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}

/// What a retriever returned: the ranked chunks, the mode that ran and notes (such as why it
/// fell back to BM25).
public struct Retrieval: Sendable {
    public var chunks: [RetrievedChunk]
    public var mode: RetrievalMode
    public var notes: [String]
}
