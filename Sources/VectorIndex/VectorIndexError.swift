/// Everything that can go wrong in the vector index, naming the file, section and byte offset
/// involved where there is one.
public struct VectorIndexError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
