/// Settings of an ingest that are not part of the pipeline's fingerprint.
public struct IngestOptions: Sendable {
    /// Files larger than this many bytes are recorded as failed without being read, which
    /// bounds what one file can cost.
    public var maxFileSize: Int
    /// The pipeline file (absolute path) to record for `ragflow reindex`, or `nil` for the
    /// built-in default pipeline.
    public var pipelineSource: String?

    public static let defaultMaxFileSize = 256 << 20

    public init(maxFileSize: Int = IngestOptions.defaultMaxFileSize, pipelineSource: String? = nil) {
        self.maxFileSize = maxFileSize
        self.pipelineSource = pipelineSource
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
