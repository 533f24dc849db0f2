/// Everything that can go wrong in the RAGFlow framework, with what a user needs to act on it.
public struct RAGFlowError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A file could not be read or decoded (binary, corrupt, encrypted, too large).
        case unreadableFile
        /// A pipeline file is not valid JSON or does not validate.
        case invalidPipeline
        /// The store is missing, corrupt or of a newer version.
        case store
        /// Another process is writing to the store (an ingest holds its lock).
        case busy
        /// A model could not be loaded or run.
        case model
        /// Bad input from the caller.
        case invalidArgument
        /// The operation was cancelled.
        case cancelled
    }

    public var kind: Kind
    /// What went wrong, in a sentence.
    public var message: String
    /// The file the error is about, when there is one.
    public var file: String?
    /// The page (1-based) the error is about, when there is one.
    public var page: Int?
    /// For `.invalidPipeline`: every problem validation found, each with its JSON path.
    public var issues: [PipelineIssue]

    public init(_ kind: Kind, _ message: String, file: String? = nil, page: Int? = nil, issues: [PipelineIssue] = []) {
        self.kind = kind
        self.message = message
        self.file = file
        self.page = page
        self.issues = issues
    }

    public var description: String {
        var prefix = ""
        if let file { prefix += file }
        if let page { prefix += prefix.isEmpty ? "page \(page)" : ", page \(page)" }
        let head = prefix.isEmpty ? message : "\(prefix): \(message)"
        return ([head] + issues.map { "  \($0)" }).joined(separator: "\n")
    }
}
