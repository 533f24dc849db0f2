import Foundation
import VectorIndex

/// The embedding stage of an ingest: brings the store's vector index in line with its chunks.
///
/// Run after the synchronizer has committed chunks to SQLite. It
/// - rebuilds the index when it holds another embedder's vectors (or another dimension or
///   metric), so that a store never mixes two models, and says so;
/// - removes the vectors of chunks that are gone (chunk ids are never reused);
/// - embeds every live chunk the index lacks, taking vectors from the embedding cache (keyed by
///   chunk-text SHA-256 and embedder fingerprint) and running the model only on unseen text.
///
/// SQLite is the truth and the index follows it, so the order of commits does not matter for
/// safety: after a crash anywhere, the next run reconciles both ways.
///
/// ```swift
/// let model = try EmbeddingModel.load(for: spec).get()
/// let report = try EmbeddingIndexer(store: store, model: model).run()
/// print(report.embedded, report.fromCache, report.removed)
/// ```
public struct EmbeddingIndexer: Sendable {
    public let store: Store
    public let model: EmbeddingModel
    public var settings: VectorIndexSettings
    /// Threads linking new vectors into the graph.
    public var threads: Int
    /// Chunks read, embedded and indexed per step (and per progress report).
    public var stepSize = 256

    public init(
        store: Store, model: EmbeddingModel, settings: VectorIndexSettings = VectorIndexSettings(),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.store = store
        self.model = model
        self.settings = settings
        self.threads = max(1, threads)
    }

    /// Brings the index in line with the chunks. Takes the store's writer lock: do not call it
    /// while a ``Synchronizer`` of the same store runs.
    ///
    /// Cancelling the task stops the run between batches with ``RAGFlowError/Kind/cancelled``;
    /// what was embedded so far stays in the index and the cache, and the next run does the rest.
    public func run(progress: (@Sendable (EmbeddingProgress) -> Void)? = nil) throws -> EmbeddingReport {
        let lock = try StoreLock(directory: store.directory)
        return try run(holding: lock, progress: progress)
    }

    /// ``run(progress:)`` while the caller holds the store's writer lock (`lock`).
    package func run(
        holding lock: StoreLock, progress: (@Sendable (EmbeddingProgress) -> Void)? = nil
    ) throws -> EmbeddingReport {
        defer { withExtendedLifetime(lock) {} }
        let clock = ContinuousClock.now
        var report = EmbeddingReport()
        let index = try openIndex(report: &report)
        let live = try store.liveChunkIDs()
        var indexed = Set<Int64>()
        for id in index.allIDs {
            if live.contains(Int64(bitPattern: id)) {
                indexed.insert(Int64(bitPattern: id))
            } else {
                try index.remove(id: id)
                report.removed += 1
            }
        }
        let missing = live.subtracting(indexed).sorted()
        func reportProgress(done: Int) {
            progress?(EmbeddingProgress(done: done, total: missing.count, elapsedSeconds: (ContinuousClock.now - clock).seconds))
        }
        reportProgress(done: 0)
        var done = 0
        for step in missing.chunked(by: stepSize) {
            try embed(Array(step), into: index, report: &report)
            done += step.count
            reportProgress(done: done)
        }
        if report.removed > 0 || !missing.isEmpty || report.rebuilt {
            try wrap { try index.checkpoint() }
        }
        report.vectors = index.count
        report.prunedFromCache = try store.pruneEmbeddingCache(keeping: model.fingerprint)
        report.elapsedSeconds = (ContinuousClock.now - clock).seconds
        return report
    }

    /// Opens the index, first deleting it when it holds another embedder's vectors. The
    /// deletion happens before the new fingerprint is recorded, so a crash in between leaves
    /// no index rather than a mislabelled one.
    private func openIndex(report: inout EmbeddingReport) throws -> VectorIndex {
        let directory = store.vectorDirectory
        let metric = settings.indexMetric
        let recorded = try store.vectorEmbedder()
        let fileManager = FileManager.default
        var reason: String?
        if fileManager.fileExists(atPath: directory.path) {
            if recorded != model.fingerprint {
                reason = recorded == nil
                    ? "the vector index has no recorded embedder"
                    : "the embedding model changed (fingerprint \(recorded!.prefix(12)) -> \(model.fingerprint.prefix(12)))"
            } else if let existing = try? VectorIndex.open(at: directory.path, mode: .readOnly) {
                if existing.dimension != model.dimension || existing.metric != metric {
                    reason = "the vector index has dimension \(existing.dimension) and metric \(existing.metric), the pipeline asks for \(model.dimension) and \(metric)"
                }
            } else {
                reason = "the vector index could not be opened"
            }
        }
        if let reason {
            do {
                try fileManager.removeItem(at: directory)
            } catch {
                throw RAGFlowError(.store, "cannot remove the old vector index: \(error.localizedDescription)", file: directory.path)
            }
            report.rebuilt = true
            report.notes.append("\(reason): rebuilding the vector index")
        }
        if recorded != model.fingerprint { try store.setVectorEmbedder(model.fingerprint) }
        let parameters = IndexParameters(m: settings.m, efConstruction: settings.efConstruction, efSearch: settings.efSearch)
        return try wrap {
            try VectorIndex.openOrCreate(at: directory.path, dimension: model.dimension, metric: metric, parameters: parameters)
        }
    }

    /// Embeds one step of chunks (cache first) and adds them to the index.
    private func embed(_ ids: [Int64], into index: VectorIndex, report: inout EmbeddingReport) throws {
        let chunks = try store.chunkTexts(ids: ids)
        guard !chunks.isEmpty else { return }
        let hashes = Array(Set(chunks.map { $0.sha256 }))
        var vectors = try store.cachedEmbeddings(textHashes: hashes, embedder: model.fingerprint)
        report.fromCache += chunks.count(where: { vectors[$0.sha256] != nil })
        // Equal texts are embedded once.
        var unseen: [(hash: String, text: String)] = []
        var queued = Set<String>()
        for chunk in chunks where vectors[chunk.sha256] == nil && queued.insert(chunk.sha256).inserted {
            unseen.append((chunk.sha256, chunk.text))
        }
        var fresh: [(textHash: String, vector: [Float])] = []
        for batch in unseen.chunked(by: model.batchSize) {
            if Task.isCancelled {
                // Vectors already made are worth keeping: the next run takes them from the cache.
                try store.cacheEmbeddings(fresh, embedder: model.fingerprint)
                throw RAGFlowError(.cancelled, "the ingest was cancelled while embedding")
            }
            let embedded = try model.embedDocuments(batch.map { $0.text })
            for (item, vector) in zip(batch, embedded) {
                vectors[item.hash] = vector
                fresh.append((item.hash, vector))
            }
        }
        report.embedded += chunks.count(where: { queued.contains($0.sha256) })
        try store.cacheEmbeddings(fresh, embedder: model.fingerprint)
        var flat: [Float] = []
        flat.reserveCapacity(chunks.count * model.dimension)
        for chunk in chunks { flat.append(contentsOf: vectors[chunk.sha256]!) }
        let ids = chunks.map { UInt64(bitPattern: $0.id) }
        try wrap { try index.upsert(ids: ids, vectors: flat, threads: threads) }
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RAGFlowError {
            throw error
        } catch {
            throw RAGFlowError(.store, "vector index: \(error)", file: store.vectorDirectory.path)
        }
    }
}

/// What one run of the embedding stage did.
public struct EmbeddingReport: Sendable, Hashable {
    /// Chunks whose text went through the model.
    public var embedded = 0
    /// Chunks whose vector came from the embedding cache.
    public var fromCache = 0
    /// Vectors removed because their chunk is gone.
    public var removed = 0
    /// Cache entries deleted at the end of the run: texts no chunk has any more, and vectors
    /// of other embedders.
    public var prunedFromCache = 0
    /// Whether the index was deleted and rebuilt (another model, dimension or metric).
    public var rebuilt = false
    /// Vectors in the index after the run.
    public var vectors = 0
    public var elapsedSeconds = 0.0
    /// Sentences about why the stage did what it did.
    public var notes: [String] = []
    /// Problems that left the store without vectors (a missing model), which the user must see.
    public var warnings: [String] = []

    public init() {}
}

/// How far the embedding stage has got, for a progress bar.
public struct EmbeddingProgress: Sendable {
    /// Chunks embedded (or taken from the cache) so far, of `total`.
    public var done: Int
    public var total: Int
    /// Seconds since the run began.
    public var elapsedSeconds = 0.0
}

/// The vector index's metric type (`VectorIndexSettings.Metric` shadows the name in its extension).
typealias HNSWMetric = Metric

extension VectorIndexSettings {
    /// The index's metric for this setting.
    var indexMetric: HNSWMetric {
        switch metric {
        case .cosine: .cosine
        case .dot: .innerProduct
        case .l2: .l2
        }
    }
}

extension EmbeddingIndexer {
    /// Runs the embedding stage of `spec` on `store`. Without an embedder stage it does nothing;
    /// when the model cannot be loaded, the store keeps BM25 only and the report's warnings say why.
    public static func run(
        pipeline spec: PipelineSpec, store: Store, progress: (@Sendable (EmbeddingProgress) -> Void)? = nil
    ) throws -> EmbeddingReport {
        guard spec.embedder != nil else { return EmbeddingReport() }
        let lock = try StoreLock(directory: store.directory)
        return try run(
            model: EmbeddingModel.load(for: spec), settings: spec.vectorIndex ?? VectorIndexSettings(), store: store,
            holding: lock, progress: progress)
    }

    /// The embedding stage with `model` (or why there is none) while the caller holds the
    /// store's writer lock: what ``Pipeline`` runs after the sync.
    package static func run(
        model: Result<EmbeddingModel, RAGFlowError>, settings: VectorIndexSettings, store: Store, holding lock: StoreLock,
        progress: (@Sendable (EmbeddingProgress) -> Void)? = nil
    ) throws -> EmbeddingReport {
        switch model {
        case .failure(let error):
            var report = EmbeddingReport()
            report.warnings.append(
                "no embeddings were made (\(error)); queries use BM25 only until the model is there and the next ingest or reindex runs")
            return report
        case .success(let model):
            return try EmbeddingIndexer(store: store, model: model, settings: settings).run(holding: lock, progress: progress)
        }
    }
}
