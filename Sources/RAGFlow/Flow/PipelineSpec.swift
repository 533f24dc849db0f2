import Foundation

/// A validated pipeline: its stages in order, each with typed settings. Ingest uses the loaders,
/// cleaners and chunker (see ``PipelineProcessor``); the later stages are read by the embedding,
/// retrieval, prompting and generation code.
///
/// ```swift
/// let spec = try PipelineSpec(contentsOf: URL(fileURLWithPath: "pipelines/default.json"))
/// spec.chunker.kind          // "structure"
/// spec.retriever?.mode       // .hybrid
/// let processor = try PipelineProcessor(spec: spec)
/// ```
///
/// Relative paths in settings (model files) resolve against the current directory of the
/// process, as for the built-in default, which has no file of its own.
public struct PipelineSpec: Sendable {
    /// The only format version there is.
    public static let formatVersion = 1

    public var name: String
    public var description: String?
    /// In the order the pipeline lists them; the first whose extensions match a file reads it.
    public var loaders: [LoaderStage]
    /// Applied in order.
    public var cleaners: [CleanerStage]
    public var chunker: ChunkerStage
    public var embedder: EmbedderSettings?
    public var vectorIndex: VectorIndexSettings?
    public var retriever: RetrieverSettings?
    public var promptBuilder: PromptBuilderSettings?
    public var generator: GeneratorSettings?
    /// What validation noticed without failing (a model file that does not exist yet).
    public var warnings: [PipelineIssue]
}

/// A configured `loader` stage.
public struct LoaderStage: Sendable {
    public let kind: String
    /// Lower-case extensions without the dot.
    public let extensions: [String]
    /// The typed settings, to be cast to the kind's settings type.
    public let settings: any StageSettings
    let canonical: JSONValue
    let make: @Sendable () throws -> any DocumentLoader

    /// A new loader with this stage's settings.
    public func makeLoader() throws -> any DocumentLoader { try make() }
}

/// A configured `cleaner` stage.
public struct CleanerStage: Sendable {
    public let kind: String
    /// Media types the cleaner applies to; `nil` for all.
    public let mediaTypes: Set<MediaType>?
    public let settings: any StageSettings
    let canonical: JSONValue
    let make: @Sendable () throws -> any DocumentCleaner

    public func makeCleaner() throws -> any DocumentCleaner { try make() }

    public func applies(to mediaType: MediaType) -> Bool { mediaTypes?.contains(mediaType) ?? true }
}

/// The configured `chunker` stage.
public struct ChunkerStage: Sendable {
    public let kind: String
    public let settings: any StageSettings
    let canonical: JSONValue
    let make: @Sendable (any TokenCounter) throws -> any DocumentChunker

    /// A new chunker that counts tokens with `tokenCounter`.
    public func makeChunker(tokenCounter: any TokenCounter) throws -> any DocumentChunker { try make(tokenCounter) }
}

/// The outcome of validating a pipeline: the spec when there were no errors, and every issue.
public struct PipelineValidation: Sendable {
    public var spec: PipelineSpec?
    /// Errors and warnings, in the order they appear in the file.
    public var issues: [PipelineIssue]

    public var errors: [PipelineIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [PipelineIssue] { issues.filter { $0.severity == .warning } }
}

extension PipelineSpec {
    /// Validates pipeline JSON and reports every problem found, without running anything.
    ///
    /// ```swift
    /// let result = PipelineSpec.validate(Data(json.utf8))
    /// for issue in result.errors { print(issue) }  // 7:22: stages[1].chunk_size: expected an integer, found "big"
    /// ```
    public static func validate(_ data: Data, registry: StageRegistry = .builtIn) -> PipelineValidation {
        let bytes = [UInt8](data)
        let source = JSONSourceMap(bytes)
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            let location = source.location(of: error.offset)
            let issue = PipelineIssue(
                path: "", message: "invalid JSON: \(error.message)", line: location.line, column: location.column)
            return PipelineValidation(spec: nil, issues: [issue])
        }
        let log = IssueLog(source: source)
        let spec = PipelineSpecDecoder(registry: registry, log: log).decode(root)
        let issues = log.issues.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        return PipelineValidation(spec: log.hasErrors ? nil : spec.map { var spec = $0; spec.warnings = issues; return spec }, issues: issues)
    }

    /// Decodes and validates pipeline JSON; throws ``RAGFlowError`` (`.invalidPipeline`) carrying
    /// every error when it does not validate.
    public init(json data: Data, source: String? = nil, registry: StageRegistry = .builtIn) throws {
        let result = Self.validate(data, registry: registry)
        guard let spec = result.spec else {
            let errors = result.errors
            throw RAGFlowError(
                .invalidPipeline, "pipeline does not validate (\(errors.count) error\(errors.count == 1 ? "" : "s"))",
                file: source, issues: errors)
        }
        self = spec
    }

    /// Reads, decodes and validates a pipeline file.
    public init(contentsOf url: URL, registry: StageRegistry = .builtIn) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RAGFlowError(.invalidPipeline, "cannot read the pipeline file: \(error.localizedDescription)", file: url.path)
        }
        try self.init(json: data, source: url.path, registry: registry)
    }

    /// The built-in default pipeline (the same as `pipelines/default.json`).
    public static func builtInDefault(registry: StageRegistry = .builtIn) throws -> PipelineSpec {
        try PipelineSpec(json: Data(DefaultPipeline.json.utf8), source: "built-in default pipeline", registry: registry)
    }
}

extension PipelineSpec {
    /// The JSON of the built-in default pipeline (the same as `pipelines/default.json`).
    public static var defaultJSON: String { DefaultPipeline.json }
}
