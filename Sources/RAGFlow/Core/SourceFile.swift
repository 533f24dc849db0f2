import Foundation

/// A file found under an ingest root, before it is read.
public struct SourceFile: Sendable, Hashable {
    /// Where the file is.
    public var url: URL
    /// Path relative to the ingest root, with `/` separators.
    public var relativePath: String
    public var size: Int
    public var modified: Date

    public init(url: URL, relativePath: String, size: Int, modified: Date) {
        self.url = url
        self.relativePath = relativePath
        self.size = size
        self.modified = modified
    }
}
