import Foundation

/// Settings of an ingest that are not part of the pipeline's fingerprint.
public struct IngestOptions: Sendable {
    /// Files larger than this many bytes are recorded as failed without being read, which
    /// bounds what one file can cost.
    public var maxFileSize: Int
    /// The pipeline file (absolute path) to record for `ragflow reindex`, or `nil` for the
    /// built-in default pipeline.
    public var pipelineSource: String?

    /// Whether a recorded root that no longer exists is emptied (its documents removed, the
    /// root forgotten) instead of failing the run: what a scheduled re-index wants.
    public var removeVanishedRoots: Bool
    /// How many files are parsed at once (writes to the store stay one at a time, in order).
    public var concurrency: Int

    public static let defaultMaxFileSize = 256 << 20

    public init(
        maxFileSize: Int = IngestOptions.defaultMaxFileSize, pipelineSource: String? = nil,
        removeVanishedRoots: Bool = false, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.removeVanishedRoots = removeVanishedRoots
        self.maxFileSize = maxFileSize
        self.pipelineSource = pipelineSource
        self.concurrency = max(1, concurrency)
    }
}

/// How far an ingest has got, for a progress bar.
public struct IngestProgress: Sendable {
    /// Files dealt with so far, of `total`.
    public var done: Int
    public var total: Int
    /// The file being read now, if any.
    public var currentPath: String?
}
