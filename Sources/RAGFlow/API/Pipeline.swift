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
/// Every ingest holds the store's writer lock: a second writer (another `Pipeline`, or
/// `ragflow ingest`) is refused with ``RAGFlowError/Kind/busy``. Queries only read.
public final class Pipeline: Sendable {
    /// The pipeline's stages and settings.
    public let spec: PipelineSpec
    /// The store this pipeline writes to and reads from.
    public let store: Store
    private let processor: PipelineProcessor
    private let options: IngestOptions
    private let logger: Logger

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
        let source = url.standardizedFileURL
        try self.init(
            spec: PipelineSpec(contentsOf: source, registry: registry), source: source.path,
            store: Store(directory: store), logger: logger)
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
        try self.init(
            spec: PipelineSpec.builtInDefault(registry: registry), source: nil, store: Store(directory: store),
            logger: logger)
    }

    /// The pipeline the store's last completed ingest used (its JSON file, or the built-in
    /// default), on that existing store: what ``reindex(progress:)`` runs.
    ///
    /// ```swift
    /// let report = try await Pipeline(recordedIn: storeURL).reindex()
    /// ```
    ///
    /// Throws ``RAGFlowError/Kind/store`` when `store` is not a store.
    public convenience init(
        recordedIn store: URL, registry: StageRegistry = .builtIn, logger: Logger = Logger(label: "ragflow.pipeline")
    ) throws {
        let opened = try Store(directory: store, create: false)
        let source = try opened.recordedPipelineSource()
        let spec = try source.map { try PipelineSpec(contentsOf: URL(fileURLWithPath: $0), registry: registry) }
        try self.init(
            spec: spec ?? PipelineSpec.builtInDefault(registry: registry), source: source, store: opened,
            logger: logger)
    }

    private init(spec: PipelineSpec, source: String?, store: Store, logger: Logger) throws {
        self.spec = spec
        self.store = store
        self.logger = logger
        processor = try PipelineProcessor(spec: spec)
        // The largest file any loader reads bounds what is even hashed.
        let largest = spec.loaders.compactMap { ($0.settings as? LoaderSettings)?.maxFileBytes }.max()
        options = IngestOptions(maxFileSize: largest ?? IngestOptions.defaultMaxFileSize, pipelineSource: source)
    }

    /// Brings the store in line with the files under `roots` (folders or single files):
    /// new and changed files are parsed, unchanged ones skipped, vanished ones removed.
    ///
    /// `progress` is called after each file, from the calling task. Cancelling the task stops
    /// the ingest between files with ``RAGFlowError/Kind/cancelled``; every file is its own
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

    private func run(
        _ roots: [URL], options: IngestOptions, progress: (@Sendable (IngestProgress) -> Void)?
    ) async throws -> IngestReport {
        try Task.checkCancellation()
        // The synchronizer checks `Task.isCancelled` between files, so it runs in this task.
        return try Synchronizer(store: store, processor: processor, options: options).ingest(roots, progress: progress)
    }

    /// The chunks that best match `question`, best first: `limit` of them, or the retriever's
    /// `top_k`.
    ///
    /// ```swift
    /// for chunk in try flow.retrieve("varroa treatment", limit: 3) { print(chunk.source, chunk.score) }
    /// ```
    public func retrieve(_ question: String, limit: Int? = nil) throws -> [RetrievedChunk] {
        try store.searchBM25(question, limit: limit ?? spec.retriever?.topK ?? RetrieverSettings().topK)
    }

    /// Answers `question` from the store: retrieves the best chunks, writes the answer with the
    /// pipeline's generator (the extractive one when no model is configured or found) and checks
    /// every `[n]` citation against the source it names. Generated text streams to `onText`.
    /// Honours task cancellation while generating.
    ///
    /// ```swift
    /// let answer = try await flow.query("At what mite count should we treat?")
    /// print(answer.text)
    /// for citation in answer.citations { print(citation) }
    /// ```
    public func query(_ question: String, onText: @Sendable (String) -> Void = { _ in }) async throws -> Answer {
        try Task.checkCancellation()
        let sources = try retrieve(question)
        let writer = try AnswerWriter(generator: spec.generator, promptBuilder: spec.promptBuilder, logger: logger)
        return try await writer.answer(question: question, sources: sources, onText: onText)
    }
}
