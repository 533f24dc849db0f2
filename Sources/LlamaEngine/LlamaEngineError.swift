/// Everything that can go wrong in the engine, naming the file, key, tensor and byte offset
/// involved where there is one.
public struct LlamaEngineError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
