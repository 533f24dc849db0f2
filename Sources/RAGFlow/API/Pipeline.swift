import Foundation
import Logging

/// A pipeline bound to a store: what a Swift program embeds to ingest documents and answer
/// questions about them with checked citations.
///
/// ```swift
/// import RAGFlow
///
/// let store = URL(fileURLWithPath: ".ragflow")
/// let flow = try Pipeline(contentsOf: URL(fileURLWithPath: "pipelines/default.json"), store: store)
/// let report = try await flow.ingest([URL(fileURLWithPath: "docs")]) { progress in
///     print("\(progress.done)/\(progress.total)")
/// }
/// let answer = try await flow.query("How do I treat for varroa?")
/// print(answer.text)
/// for citation in answer.citations { print(citation) }
/// ```
///
/// Programs add stages of their own through a ``StageRegistry`` passed to the initializer; the
/// pipeline JSON then names them like built-in kinds.
///
/// An ingest runs the pipeline's stages in order: the files are loaded, cleaned, chunked and
/// stored, then the embedding stage embeds the new chunks into the store's vector index.
/// Queries retrieve with the pipeline's retriever (hybrid by default: vector search and BM25
/// fused), so chunks an ingest or ``reindex(progress:)`` adds are found both ways.
///
/// Every ingest holds the store's writer lock: a second writer (another `Pipeline`, or
/// `ragflow ingest`) is refused with ``RAGFlowError/Kind/busy``. Queries only read.
public final class Pipeline: Sendable {
    /// The pipeline's stages and settings.
    public let spec: PipelineSpec
    /// The store this pipeline writes to and reads from.
    public let store: Store
    /// The loaders, cleaners and chunkers, built at the first ingest: building them loads the
    /// embedder's tokenizer and hashes its model file (the chunkers count tokens with it), which
    /// a query does not need.
    private let processorCache = LockedValue<PipelineProcessor?>(nil)
    let options: IngestOptions
    let logger: Logger
    /// The embedder, once loaded; `nil` until then (or without an embedder stage).
    private let embedder = LockedValue<EmbeddingModel?>(nil)
    /// A retriever whose vector index opened, kept between queries until the next ingest.
    let retriever = LockedValue<Retriever?>(nil)
    /// The answer writer of ``query(_:mode:topK:filter:onText:)``, kept between queries.
    let writer = LockedValue<AnswerWriter?>(nil)

    /// Loads the pipeline JSON at `url` and opens (or creates) the store directory `store`.
    ///
    /// ```swift
    /// var registry = StageRegistry.builtIn
    /// registry.registerCleaner("shout") { Shout() }
    /// let flow = try Pipeline(contentsOf: pipelineURL, store: storeURL, registry: registry)
    /// ```
    ///
    /// Throws ``RAGFlowError/Kind/invalidPipeline`` with the issues when the JSON is not valid.
    public convenience init(
        contentsOf url: URL, store: URL, registry: StageRegistry = .builtIn,
        logger: Logger = Logger(label: "ragflow.pipeline")
    ) throws {
        try self.init(
            PipelineDefinition(contentsOf: url, registry: registry), store: Store(directory: store), logger: logger)
    }

    /// The pipeline file at `url` on a store that is already open.
    package convenience init(
        contentsOf url: URL, store: Store, registry: StageRegistry = .builtIn,
        logger: Logger = Logger(label: "ragflow.pipeline")
    ) throws {
        try self.init(PipelineDefinition(contentsOf: url, registry: registry), store: store, logger: logger)
    }

    /// The built-in default pipeline (`ragflow validate --print-default`) on the store directory
    /// `store`, opened or created.
    ///
    /// ```swift
    /// let flow = try Pipeline(store: URL(fileURLWithPath: ".ragflow"))
    /// ```
    public convenience init(
        store: URL, registry: StageRegistry = .builtIn, logger: Logger = Logger(label: "ragflow.pipeline")
    ) throws {
        try self.init(.builtInDefault(registry: registry), store: Store(directory: store), logger: logger)
    }

    /// The pipeline the store's last completed ingest used, on that existing store: what
    /// ``reindex(progress:)`` runs. The pipeline file is read again, so that edits to it take
    /// effect; when it was deleted or moved, the copy of its text that the store kept is used
    /// instead, and `logger` warns. Without a recorded file, the built-in default.
    ///
    /// ```swift
    /// let report = try await Pipeline(recordedIn: storeURL).reindex()
    /// ```
    ///
    /// Throws ``RAGFlowError/Kind/store`` when `store` is not a store.
    public convenience init(
        recordedIn store: URL, registry: StageRegistry = .builtIn, logger: Logger = Logger(label: "ragflow.pipeline")
    ) throws {
        try self.init(recordedIn: Store(directory: store, create: false), registry: registry, logger: logger)
    }

    /// The recorded pipeline of a store that is already open.
    package convenience init(
        recordedIn store: Store, registry: StageRegistry = .builtIn, logger: Logger = Logger(label: "ragflow.pipeline")
    ) throws {
        let definition = try PipelineDefinition(recordedIn: store, registry: registry) { logger.warning("\($0)") }
        try self.init(definition, store: store, logger: logger)
    }

    private init(_ definition: PipelineDefinition, store: Store, logger: Logger) throws {
        spec = definition.spec
        self.store = store
        self.logger = logger
        // The largest file any loader reads bounds what is even hashed.
        let largest = spec.loaders.compactMap { ($0.settings as? LoaderSettings)?.maxFileBytes }.max()
        options = IngestOptions(
            maxFileSize: largest ?? IngestOptions.defaultMaxFileSize, pipelineSource: definition.source,
            pipelineJSON: definition.json)
    }

    /// Brings the store in line with the files under `roots` (folders or single files):
    /// new and changed files are parsed, unchanged ones skipped, vanished ones removed; then
    /// the embedding stage embeds the chunks the vector index lacks (``IngestReport/embedding``).
    ///
    /// `progress` is called after each file, then after each step of chunks embedded
    /// (``IngestProgress/phase``). Cancelling the task stops the ingest between files, or
    /// between batches of chunks, with ``RAGFlowError/Kind/cancelled``; every file is its own
    /// transaction, so the store stays consistent and the next ingest completes the work.
    ///
    /// ```swift
    /// let task = Task { try await flow.ingest([docs]) }
    /// task.cancel()   // the store keeps the files written so far
    /// ```
    public func ingest(
        _ roots: [URL], progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> IngestReport {
        try await run(roots, options: options, progress: progress)
    }

    /// Ingests again every root the store records, with this pipeline; roots that no longer
    /// exist have their documents removed. What `ragflow reindex` and a schedule run.
    ///
    /// Throws ``RAGFlowError/Kind/store`` when the store records no root yet.
    public func reindex(progress: (@Sendable (IngestProgress) -> Void)? = nil) async throws -> IngestReport {
        let roots = try store.recordedRoots()
        guard !roots.isEmpty else {
            throw RAGFlowError(.store, "the store records no folder to re-index: ingest one first", file: store.directory.path)
        }
        var options = options
        options.removeVanishedRoots = true
        return try await run(roots.map { URL(fileURLWithPath: $0) }, options: options, progress: progress)
    }

    /// The processor of ``processorCache``, built on first use.
    func processor() throws -> PipelineProcessor {
        try processorCache.withValue { cached in
            if let cached { return cached }
            let built = try PipelineProcessor(spec: spec)
            cached = built
            return built
        }
    }

    private func run(
        _ roots: [URL], options: IngestOptions, progress: (@Sendable (IngestProgress) -> Void)?
    ) async throws -> IngestReport {
        try Task.checkCancellation()
        // One lock over both stages: no other writer slips in between the sync and the embedding.
        let lock = try StoreLock(directory: store.directory)
        defer { retriever.withValue { $0 = nil } }
        // Both stages check `Task.isCancelled` as they go, so they run in this task.
        let model = embeddingModel()
        let settings = spec.vectorIndex ?? VectorIndexSettings()
        return try Synchronizer(store: store, processor: try processor(), options: options)
            .ingest(roots, holding: lock, progress: progress) { [store] report in
                guard let model else { return }
                let embedding = try EmbeddingIndexer.run(model: model, settings: settings, store: store, holding: lock) { step in
                    progress?(
                        IngestProgress(
                            phase: .embedding, done: step.done, total: step.total, currentPath: nil,
                            elapsedSeconds: step.elapsedSeconds))
                }
                report.embedding = embedding
                report.elapsedSeconds += embedding.elapsedSeconds
            }
    }

    /// The pipeline's embedder, loaded on first use; why it cannot load; or `nil` without an
    /// embedder stage. A model that failed to load is tried again next time (it may have been
    /// written since).
    func embeddingModel() -> Result<EmbeddingModel, RAGFlowError>? {
        guard spec.embedder != nil else { return nil }
        return embedder.withValue { loaded in
            if let loaded { return .success(loaded) }
            let result = EmbeddingModel.load(for: spec)
            if case .success(let model) = result { loaded = model }
            return result
        }
    }
}
