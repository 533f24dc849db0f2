#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds a GGUF version 3 file: metadata in insertion order, then the tensor table, then the
/// tensor data, each tensor aligned to `alignment` bytes (as llama.cpp and gguf-py expect).
///
/// ```swift
/// var writer = GGUFWriter()
/// writer.set(.architecture, .string("bert"))
/// writer.set(.blockCount("bert"), .uint32(6))
/// try writer.addTensor(name: "token_embd.weight", type: .f32, shape: [384, 30522], bytes: data)
/// try writer.write(to: URL(fileURLWithPath: "model.gguf"))
/// ```
public struct GGUFWriter: Sendable {
    private struct PendingTensor: Sendable {
        var name: String
        var type: GGMLType
        var shape: [Int]
        var bytes: [UInt8]
    }

    /// Alignment of tensor data; written as `general.alignment` when not the default 32.
    public let alignment: Int
    private var keys: [String] = []
    private var values: [String: GGUFValue] = [:]
    private var tensors: [PendingTensor] = []
    private var tensorNames: Set<String> = []

    /// `alignment` must be a power of two.
    public init(alignment: Int = 32) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment power of 2")
        self.alignment = alignment
    }

    /// Sets `key` to `value`; a key set twice keeps its first position and its last value.
    /// `general.alignment` is written first unless set explicitly (to place it elsewhere, as
    /// gguf-py does after the architecture); its value must equal `alignment`.
    public mutating func set(_ key: GGUFKey, _ value: GGUFValue) {
        precondition(
            key != .alignment || value == .uint32(UInt32(alignment)),
            "general.alignment must match GGUFWriter.alignment")
        if values.updateValue(value, forKey: key.name) == nil { keys.append(key.name) }
    }

    /// Adds a tensor. `shape` is in ggml order (`shape[0]` = row length) and `bytes` holds its
    /// data in `type`'s layout (`GGMLType.rowByteCount(shape[0]) * rows` bytes).
    public mutating func addTensor(name: String, type: GGMLType, shape: [Int], bytes: [UInt8])
        throws
    {
        guard !shape.isEmpty, shape.count <= GGUFParser.maxDimensions, shape.allSatisfy({ $0 >= 0 })
        else {
            throw LlamaEngineError(.invalidArgument, "shape \(shape) not valid", tensor: name)
        }
        guard shape[0] % type.blockSize == 0 else {
            throw LlamaEngineError(
                .invalidArgument, "row length \(shape[0]) not a multiple of \(type.blockSize)",
                tensor: name)
        }
        let expected = type.rowByteCount(shape[0]) * shape.dropFirst().reduce(1, *)
        guard bytes.count == expected else {
            throw LlamaEngineError(
                .invalidArgument, "\(bytes.count) bytes given, \(type) \(shape) needs \(expected)",
                tensor: name)
        }
        guard tensorNames.insert(name).inserted else {
            throw LlamaEngineError(.invalidArgument, "duplicate tensor name", tensor: name)
        }
        tensors.append(PendingTensor(name: name, type: type, shape: shape, bytes: bytes))
    }

    /// The complete file image.
    public func image() -> [UInt8] {
        var out = header()
        for tensor in tensors {
            out.append(contentsOf: tensor.bytes)
            pad(&out)
        }
        return out
    }

    /// Writes the file to `url`, replacing any file there.
    public func write(to url: URL) throws {
        do {
            try Data(image()).write(to: url)
        } catch {
            throw LlamaEngineError(.io, "cannot write: \(error)", path: url.path)
        }
    }

    private func header() -> [UInt8] {
        var out: [UInt8] = []
        out.appendLE(GGUFParser.magic)
        out.appendLE(UInt32(3))
        out.appendLE(UInt64(tensors.count))
        var keys = keys
        if alignment != GGUFParser.defaultAlignment, values[GGUFKey.alignment.name] == nil {
            keys.insert(GGUFKey.alignment.name, at: 0)
        }
        var values = values
        values[GGUFKey.alignment.name] = values[GGUFKey.alignment.name] ?? .uint32(UInt32(alignment))
        out.appendLE(UInt64(keys.count))
        for key in keys {
            out.appendString(key)
            out.appendLE(values[key]!.type.rawValue)
            out.appendValue(values[key]!)
        }
        var offset = 0
        for tensor in tensors {
            out.appendString(tensor.name)
            out.appendLE(UInt32(tensor.shape.count))
            for ne in tensor.shape { out.appendLE(UInt64(ne)) }
            out.appendLE(tensor.type.rawValue)
            out.appendLE(UInt64(offset))
            offset += (tensor.bytes.count + alignment - 1) / alignment * alignment
        }
        pad(&out)
        return out
    }

    private func pad(_ out: inout [UInt8]) {
        let extra = (alignment - out.count % alignment) % alignment
        out.append(contentsOf: repeatElement(0, count: extra))
    }
}

extension [UInt8] {
    fileprivate mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func appendString(_ text: String) {
        appendLE(UInt64(text.utf8.count))
        append(contentsOf: text.utf8)
    }

    fileprivate mutating func appendValue(_ value: GGUFValue) {
        switch value {
        case .uint8(let v): appendLE(v)
        case .int8(let v): appendLE(v)
        case .uint16(let v): appendLE(v)
        case .int16(let v): appendLE(v)
        case .uint32(let v): appendLE(v)
        case .int32(let v): appendLE(v)
        case .uint64(let v): appendLE(v)
        case .int64(let v): appendLE(v)
        case .float32(let v): appendLE(v.bitPattern)
        case .float64(let v): appendLE(v.bitPattern)
        case .bool(let v): appendLE(UInt8(v ? 1 : 0))
        case .string(let v): appendString(v)
        case .array(let a): appendArray(a)
        }
    }

    fileprivate mutating func appendArray(_ array: GGUFArray) {
        appendLE(array.elementType.rawValue)
        appendLE(UInt64(array.count))
        switch array {
        case .uint8(let a): append(contentsOf: a)
        case .int8(let a): for v in a { appendLE(v) }
        case .uint16(let a): for v in a { appendLE(v) }
        case .int16(let a): for v in a { appendLE(v) }
        case .uint32(let a): for v in a { appendLE(v) }
        case .int32(let a): for v in a { appendLE(v) }
        case .uint64(let a): for v in a { appendLE(v) }
        case .int64(let a): for v in a { appendLE(v) }
        case .float32(let a): for v in a { appendLE(v.bitPattern) }
        case .float64(let a): for v in a { appendLE(v.bitPattern) }
        case .bool(let a): for v in a { appendLE(UInt8(v ? 1 : 0)) }
        case .string(let a): for v in a { appendString(v) }
        case .array(let a): for v in a { appendArray(v) }
        }
    }
}
