import Foundation

/// A `.safetensors` file, memory-mapped: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the data. Every range is checked
/// against the file before use.
///
/// ```swift
/// let file = try SafetensorsFile(contentsOf: dir.appendingPathComponent("model.safetensors"))
/// let w = try file.floats("embeddings.word_embeddings.weight")  // row-major, shape file.shape(...)
/// ```
package struct SafetensorsFile: Sendable {
    package struct TensorInfo: Sendable, Equatable {
        package var name: String
        /// `F32`, `F16`, `BF16`, ...
        package var dtype: String
        /// Row-major (PyTorch) order: the last dimension varies fastest.
        package var shape: [Int]
        /// Byte range within the data section.
        package var range: Range<Int>
    }

    package let path: String
    /// Tensors in header order.
    package let tensors: [TensorInfo]
    private let data: Data
    private let dataStart: Int
    private let index: [String: Int]

    package init(contentsOf url: URL) throws {
        path = url.path
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw LlamaEngineError(.io, "cannot read: \(error.localizedDescription)", path: url.path)
        }
        guard data.count >= 8 else {
            throw LlamaEngineError(.malformedFile, "shorter than the 8-byte header length", path: path, offset: 0)
        }
        let headerLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw LlamaEngineError(
                .malformedFile, "header of \(headerLength) bytes runs past the end of the file",
                path: path, offset: 0)
        }
        dataStart = 8 + Int(headerLength)
        let header = data.subdata(in: 8..<dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw LlamaEngineError(.malformedFile, "header is not a JSON object", path: path, offset: 8)
        }
        var tensors: [TensorInfo] = []
        for (name, value) in object where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
                offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1],
                offsets[1] <= data.count - dataStart
            else {
                throw LlamaEngineError(
                    .malformedFile, "tensor entry is malformed or runs past the end of the file",
                    path: path, tensor: name, offset: 8)
            }
            tensors.append(TensorInfo(name: name, dtype: dtype, shape: shape, range: offsets[0]..<offsets[1]))
        }
        tensors.sort { $0.range.lowerBound < $1.range.lowerBound }
        self.tensors = tensors
        self.index = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1.name, $0) })
    }

    package func info(_ name: String) -> TensorInfo? {
        index[name].map { tensors[$0] }
    }

    /// The tensor's values as floats, converting F16 and BF16.
    package func floats(_ name: String) throws -> [Float] {
        guard let info = info(name) else {
            throw LlamaEngineError(.missing, "no such tensor", path: path, tensor: name)
        }
        let type: GGMLType
        switch info.dtype {
        case "F32": type = .f32
        case "F16": type = .f16
        case "BF16": type = .bf16
        default:
            throw LlamaEngineError(.unsupported, "dtype \(info.dtype)", path: path, tensor: name)
        }
        let count = info.shape.reduce(1, *)
        guard info.range.count == count * type.bytesPerBlock else {
            throw LlamaEngineError(
                .malformedFile, "\(info.range.count) bytes for \(count) \(info.dtype) values",
                path: path, tensor: name, offset: dataStart + info.range.lowerBound)
        }
        return try data.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(
                rebasing: raw[(dataStart + info.range.lowerBound)..<(dataStart + info.range.upperBound)])
            return try type.dequantize(bytes, count: count)
        }
    }
}
