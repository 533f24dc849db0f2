/// Everything that can go wrong in the vector index, naming the file, section and byte offset
/// involved where there is one.
public struct VectorIndexError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A caller's argument is out of range (dimension, k, ef, a vector of the wrong length).
        case invalidArgument
        /// A file is not an index file, has an unknown version, or fails a checksum.
        case corrupt
        /// A file ends before a section it declares.
        case truncated
        /// Another process holds the writer lock.
        case locked
        /// The index was opened read-only and a change was asked for.
        case readOnly
        /// A system call failed (errno in the message).
        case io
    }

    public var kind: Kind
    public var message: String
    /// The file involved, if any.
    public var file: String?
    /// The section of the file involved ("header", "vectors", "log record 12"...).
    public var section: String?
    /// Byte offset in `file` where the problem was found.
    public var offset: Int?

    public init(
        _ kind: Kind, _ message: String, file: String? = nil, section: String? = nil,
        offset: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.file = file
        self.section = section
        self.offset = offset
    }

    /// The older one-argument form, kept for callers that only have a message.
    public init(_ message: String) {
        self.init(.invalidArgument, message)
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let section { parts.append("section \(section)") }
        if let offset { parts.append("byte \(offset)") }
        return parts.isEmpty ? message : "\(parts.joined(separator: ", ")): \(message)"
    }
}
