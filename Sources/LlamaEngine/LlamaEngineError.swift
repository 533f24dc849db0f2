/// Everything that can go wrong in the engine, naming the file, key, tensor and byte offset
/// involved where there is one.
///
/// ```swift
/// do { _ = try GGUFFile(contentsOf: url) }
/// catch let error as LlamaEngineError { print(error.kind, error.offset ?? -1, error) }
/// ```
public struct LlamaEngineError: Error, Sendable, CustomStringConvertible {
    /// What class of failure this is, for callers that react differently to each.
    public enum Kind: String, Sendable {
        /// The file could not be opened, mapped or written.
        case io
        /// The bytes do not form a valid file of the expected format.
        case malformedFile
        /// Valid, but uses something this engine does not implement (version, tensor type...).
        case unsupported
        /// A metadata key or tensor the model needs is absent.
        case missing
        /// A metadata value or tensor has a different type or shape than required.
        case mismatch
        /// A caller passed an argument outside the documented domain.
        case invalidArgument
        /// Anything else.
        case other
    }

    public var kind: Kind
    public var message: String
    /// The file involved, if any.
    public var path: String?
    /// The GGUF metadata key involved, if any.
    public var key: String?
    /// The tensor involved, if any.
    public var tensor: String?
    /// The byte offset in the file where the problem was found, if any.
    public var offset: Int?

    public init(_ message: String) {
        self.init(.other, message)
    }

    public init(
        _ kind: Kind, _ message: String, path: String? = nil, key: String? = nil,
        tensor: String? = nil, offset: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.path = path
        self.key = key
        self.tensor = tensor
        self.offset = offset
    }

    public var description: String {
        var parts: [String] = []
        if let path { parts.append(path) }
        if let offset { parts.append("byte \(offset)") }
        if let key { parts.append("key '\(key)'") }
        if let tensor { parts.append("tensor '\(tensor)'") }
        let location = parts.isEmpty ? "" : parts.joined(separator: ", ") + ": "
        return location + message
    }

    /// The same error with `path` filled in where it was not known yet.
    func inFile(_ path: String) -> LlamaEngineError {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }
}
