/// What one ingest run did, file by file.
///
/// Paths are relative to the root they were found under, with `/` separators.
public struct IngestReport: Sendable, Hashable {
    /// Files new to the store.
    public var added: [String] = []
    /// Files re-parsed because their bytes or the pipeline changed.
    public var updated: [String] = []
    /// Files left as they were.
    public var unchanged = 0
    /// Files gone from their root (or no longer read by the pipeline), removed with their chunks.
    public var removed: [String] = []
    /// Files the pipeline failed on, with the error; the run went on without them.
    public var failed: [Failure] = []
    /// Documents and chunks in the whole store after the run.
    public var documents = 0
    public var chunks = 0
    /// Wall-clock duration of the run, in seconds (the embedding stage included).
    public var elapsedSeconds = 0.0
    /// Sentences about why the run did what it did ("the pipeline changed: 12 documents rebuilt").
    public var notes: [String] = []
    /// What the embedding stage did after the files: `nil` when the pipeline has no embedder
    /// stage (or the run was a bare ``Synchronizer`` sync).
    public var embedding: EmbeddingReport?

    public struct Failure: Sendable, Hashable {
        public var path: String
        public var error: String

        public init(path: String, error: String) {
            self.path = path
            self.error = error
        }
    }

    public init() {}

    /// Whether the run changed the store or failed on a file: what a quiet scheduled run reports.
    public var changedOrFailed: Bool { !added.isEmpty || !updated.isEmpty || !removed.isEmpty || !failed.isEmpty }
}
