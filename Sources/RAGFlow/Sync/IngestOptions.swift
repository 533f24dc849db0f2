import Foundation

/// Settings of an ingest that are not part of the pipeline's fingerprint.
public struct IngestOptions: Sendable {
    /// Files larger than this many bytes are recorded as failed without being read, which
    /// bounds what one file can cost.
    public var maxFileSize: Int
    /// The pipeline file (absolute path) to record for `ragflow reindex`, or `nil` for the
    /// built-in default pipeline.
    public var pipelineSource: String?
    /// The pipeline's JSON text, stored with the run so that a re-index still works when the
    /// file at ``pipelineSource`` is gone.
    public var pipelineJSON: String?

    /// Whether a recorded root that no longer exists is emptied (its documents removed, the
    /// root forgotten) instead of failing the run: what a scheduled re-index wants.
    public var removeVanishedRoots: Bool
    /// How many files are parsed at once (writes to the store stay one at a time, in order).
    public var concurrency: Int

    public static let defaultMaxFileSize = 256 << 20

    public init(
        maxFileSize: Int = IngestOptions.defaultMaxFileSize, pipelineSource: String? = nil, pipelineJSON: String? = nil,
        removeVanishedRoots: Bool = false, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.removeVanishedRoots = removeVanishedRoots
        self.maxFileSize = maxFileSize
        self.pipelineSource = pipelineSource
        self.pipelineJSON = pipelineJSON
        self.concurrency = max(1, concurrency)
    }
}

/// How far an ingest has got, for a progress bar: first the files, then the chunks the
/// embedding stage embeds.
public struct IngestProgress: Sendable {
    /// What an ingest is doing.
    public enum Phase: String, Sendable {
        /// Reading, parsing and storing files: `done` and `total` count files.
        case files
        /// Embedding the chunks the index lacks: `done` and `total` count chunks.
        case embedding
    }

    public var phase: Phase = .files
    /// Files (or chunks) dealt with so far, of `total`.
    public var done: Int
    public var total: Int
    /// The file being read now, if any.
    public var currentPath: String?
    /// Seconds since this phase began.
    public var elapsedSeconds = 0.0

    /// Files (or chunks) per second in this phase; 0 before any time has passed.
    public var rate: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }
}
