#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A GGUF model file (versions 2 and 3), memory-mapped and validated on open.
///
/// Opening checks every length, count, type and offset in the header, metadata and tensor
/// table against the file size, so tensor data can be read afterwards without further checks.
/// Malformed files throw `LlamaEngineError` naming the key or tensor and the byte offset.
///
/// ```swift
/// let file = try GGUFFile(contentsOf: URL(fileURLWithPath: "model.gguf"))
/// let arch = try file.requiredString(.architecture)            // "llama"
/// let layers = try file.requiredInt(.blockCount(arch))
/// let wq = try file.requiredTensor("blk.0.attn_q.weight")      // type, shape, bytes
/// ```
public final class GGUFFile: Sendable {
    /// The file's path, for messages.
    public let path: String
    /// Format version (2 or 3).
    public let version: Int
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Metadata values by key.
    public let metadata: [String: GGUFValue]
    /// Tensors in file order.
    public let tensorInfos: [GGUFTensorInfo]
    /// Alignment of tensor data (`general.alignment`, 32 when absent).
    public let alignment: Int
    /// Offset of the tensor data section from the start of the file.
    public let dataOffset: Int

    let bytes: MappedBytes
    private let tensorIndex: [String: Int]

    /// Maps and validates the GGUF file at `url`.
    public convenience init(contentsOf url: URL) throws {
        try self.init(path: url.path)
    }

    /// Maps and validates the GGUF file at `path`.
    public convenience init(path: String) throws {
        let bytes = try MappedBytes(path: path)
        try self.init(bytes: bytes, path: path)
    }

    /// Parses a GGUF image held in memory (tests, generated files).
    package convenience init(image: [UInt8], path: String = "<memory>") throws {
        try self.init(bytes: MappedBytes(copying: image), path: path)
    }

    private init(bytes: MappedBytes, path: String) throws {
        self.path = path
        self.bytes = bytes
        do {
            let parsed = try GGUFParser.parse(bytes.buffer)
            version = parsed.version
            metadataKeys = parsed.keys
            metadata = parsed.metadata
            tensorInfos = parsed.tensors
            alignment = parsed.alignment
            dataOffset = parsed.dataOffset
        } catch let error as LlamaEngineError {
            throw error.inFile(path)
        }
        var index: [String: Int] = [:]
        for (i, info) in tensorInfos.enumerated() {
            guard index.updateValue(i, forKey: info.name) == nil else {
                throw LlamaEngineError(
                    .malformedFile, "duplicate tensor name", path: path, tensor: info.name)
            }
        }
        tensorIndex = index
    }

    /// Size of the file in bytes.
    public var fileSize: Int { bytes.buffer.count }

    /// The tensor named `name`, or nil.
    public func tensor(_ name: String) -> GGUFTensor? {
        guard let i = tensorIndex[name] else { return nil }
        return GGUFTensor(info: tensorInfos[i], storage: bytes)
    }

    /// The tensor named `name`; throws `.missing` naming it when absent.
    public func requiredTensor(_ name: String) throws -> GGUFTensor {
        guard let tensor = tensor(name) else {
            throw LlamaEngineError(.missing, "tensor not found", path: path, tensor: name)
        }
        return tensor
    }
}
