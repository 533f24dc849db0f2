internal import CLlamaKernels

/// Conversion between floats and each type's storage (ggml-quants.c reference algorithms,
/// bit-identical to llama.cpp and gguf-py).
extension GGMLType {
    /// True when `dequantize` supports this type (all float and quantized types).
    public var canDequantize: Bool {
        switch self {
        case .i8, .i16, .i32, .i64, .f64: false
        default: true
        }
    }

    /// True when `quantize` supports this type: f32, f16, bf16, q4_0, q4_1, q5_0, q5_1, q8_0,
    /// q8_K. (llama.cpp's k-quant quantisers search for scales; files come quantised.)
    public var canQuantize: Bool {
        switch self {
        case .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_K: true
        default: false
        }
    }

    /// Quantises `values` (a multiple of `blockSize` of them) to this type's storage.
    ///
    /// ```swift
    /// let blocks = try GGMLType.q8_0.quantize(weights)   // weights.count / 32 * 34 bytes
    /// ```
    public func quantize(_ values: [Float]) throws -> [UInt8] {
        guard canQuantize else {
            throw LlamaEngineError(.unsupported, "quantising to \(self) is not implemented")
        }
        guard values.count % blockSize == 0 else {
            throw LlamaEngineError(
                .invalidArgument, "\(values.count) values is not a multiple of \(blockSize)")
        }
        var out = [UInt8](repeating: 0, count: rowByteCount(values.count))
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBytes { dst in
                _ = llk_quantize(rawValue, src.baseAddress, dst.baseAddress, Int64(src.count))
            }
        }
        return out
    }

    /// Dequantises `count` values stored in `bytes` (which must hold `rowByteCount(count)`).
    public func dequantize(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> [Float] {
        var out = [Float](repeating: 0, count: count)
        try out.withUnsafeMutableBufferPointer { try dequantize(bytes, into: $0) }
        return out
    }

    /// Dequantises `bytes` into `output`, whose count says how many values to produce.
    public func dequantize(
        _ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<Float>
    ) throws {
        guard canDequantize else {
            throw LlamaEngineError(.unsupported, "dequantising \(self) is not implemented")
        }
        guard output.count % blockSize == 0, bytes.count >= rowByteCount(output.count) else {
            throw LlamaEngineError(
                .invalidArgument,
                "\(bytes.count) bytes of \(self) cannot hold \(output.count) values")
        }
        guard output.count > 0 else { return }
        _ = llk_dequantize(rawValue, bytes.baseAddress, output.baseAddress, Int64(output.count))
    }
}

extension GGUFTensor {
    /// The whole tensor as floats (row-major in ggml order: row `r` is
    /// `values[r * rowLength ..< (r + 1) * rowLength]`).
    public func floats() throws -> [Float] {
        do {
            return try type.dequantize(bytes, count: info.elementCount)
        } catch var error as LlamaEngineError {
            error.tensor = name
            throw error
        }
    }

    /// Row `row` (0-based, over all dimensions after the first) dequantised into `output`,
    /// which must hold `rowLength` floats. Used for embedding lookups.
    public func dequantizeRow(_ row: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        guard row >= 0, row < info.rowCount, output.count == info.rowLength else {
            throw LlamaEngineError(
                .invalidArgument, "row \(row) of \(info.rowCount) into \(output.count) floats",
                tensor: name)
        }
        let rowBytes = type.rowByteCount(info.rowLength)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[row * rowBytes..<(row + 1) * rowBytes])
        try type.dequantize(slice, into: output)
    }
}
