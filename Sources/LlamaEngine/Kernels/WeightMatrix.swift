/// A weight matrix of any supported type, as the models use it: `y = W x` for one vector
/// (decoding) and `Y = X Wᵀ` for a batch (prompts, BERT batches), split across a
/// `ComputePool`. Quantized weights multiply activations quantised to Q8 (llama.cpp's
/// pairing); f32/f16/bf16 weights multiply float activations; large f32 batches go to
/// OpenBLAS sgemm.
///
/// ```swift
/// let wq = try WeightMatrix(file.requiredTensor("blk.0.attn_q.weight"))  // [cols, rows]
/// wq.multiply(x, into: &q)                 // x: columns floats, q: rows floats
/// wq.multiply(batch: xs, count: n, into: &qs)  // xs: n × columns, qs: n × rows
/// ```
public struct WeightMatrix: @unchecked Sendable {
    // @unchecked: `data` points into read-only memory kept alive by `owner`.
    public let type: GGMLType
    /// Outputs (ggml ne[1]).
    public let rows: Int
    /// Inputs, the row length (ggml ne[0]).
    public let columns: Int
    /// Bytes of one stored row.
    public let rowByteCount: Int
    let data: UnsafeRawPointer
    private let owner: AnyObject
    /// The interleaved copy used instead of `data` for q4_0 / q8_0 on AVX2 and AVX-512 CPUs.
    private let repacked: RepackedWeights?
    /// The AMX tile copy that batches of fewer than `BLASGemm.minimumBatch` vectors multiply
    /// with, when the owner gave one.
    private let tiles: BF16TileWeights?
    /// The kernel set this matrix multiplies with.
    package let kernels: KernelSet

    /// Wraps a 2-D GGUF tensor (ne = [columns, rows], further dimensions 1). Other types are
    /// used in place; q4_0 and q8_0 are copied once into an interleaved layout on CPUs with
    /// AVX2, which multiplies about twice as fast (`repack: false` keeps them in place).
    public init(_ tensor: GGUFTensor, repack: Bool = true, pool: ComputePool = .shared) throws {
        try self.init(tensor, repack: repack, kernels: .best, pool: pool)
    }

    /// `tiles`: an AMX tile copy of this matrix (same rows and columns) that small batches
    /// multiply with instead, several times faster.
    package init(
        _ tensor: GGUFTensor, repack: Bool, kernels: KernelSet, tiles: BF16TileWeights? = nil,
        pool: ComputePool
    ) throws {
        let shape = tensor.shape
        guard shape.count >= 1, shape.dropFirst(2).allSatisfy({ $0 == 1 }) else {
            throw LlamaEngineError(
                .mismatch, "expected a matrix, found shape \(shape)", tensor: tensor.name)
        }
        guard DotKernels.supports(tensor.type) else {
            throw LlamaEngineError(
                .unsupported, "no matrix kernels for \(tensor.type)", tensor: tensor.name)
        }
        type = tensor.type
        columns = shape[0]
        rows = shape.count > 1 ? shape[1] : 1
        rowByteCount = type.rowByteCount(columns)
        owner = tensor.storage
        data = tensor.bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        self.kernels = kernels
        repacked = repack ? RepackedWeights(
            type: type, data: data, rowBytes: rowByteCount, columns: columns, rows: rows,
            kernels: kernels, pool: pool) : nil
        if let tiles { precondition(tiles.rows == rows && tiles.columns == columns, "tile copy shape") }
        self.tiles = tiles
    }

    /// A matrix from bytes in `type`'s layout (rows × rowByteCount(columns)).
    public init(type: GGMLType, rows: Int, columns: Int, bytes: [UInt8]) throws {
        try self.init(type: type, rows: rows, columns: columns, bytes: bytes, kernels: .best)
    }

    package init(
        type: GGMLType, rows: Int, columns: Int, bytes: [UInt8], kernels: KernelSet,
        repack: Bool = true, tiles: BF16TileWeights? = nil, pool: ComputePool = .shared
    ) throws {
        guard DotKernels.supports(type) else {
            throw LlamaEngineError(.unsupported, "no matrix kernels for \(type)")
        }
        guard rows >= 0, columns >= 0, columns % type.blockSize == 0,
            bytes.count == rows * type.rowByteCount(columns)
        else {
            throw LlamaEngineError(
                .invalidArgument, "\(bytes.count) bytes do not hold \(rows)×\(columns) \(type)")
        }
        let storage = MappedBytes(copying: bytes)
        self.type = type
        self.rows = rows
        self.columns = columns
        rowByteCount = type.rowByteCount(columns)
        owner = storage
        data = storage.buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        self.kernels = kernels
        repacked = repack ? RepackedWeights(
            type: type, data: data, rowBytes: rowByteCount, columns: columns, rows: rows,
            kernels: kernels, pool: pool) : nil
        if let tiles { precondition(tiles.rows == rows && tiles.columns == columns, "tile copy shape") }
        self.tiles = tiles
    }

    /// `y = W x`: `x` holds `columns` floats, `y` receives `rows` floats.
    public func multiply(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>,
        pool: ComputePool = .shared
    ) {
        multiply(batch: x, count: 1, into: y, pool: pool)
    }

    /// `Y = X Wᵀ`: `x` holds `count` vectors of `columns` floats one after another, `y`
    /// receives `count` vectors of `rows` floats.
    public func multiply(
        batch x: UnsafeBufferPointer<Float>, count: Int, into y: UnsafeMutableBufferPointer<Float>,
        pool: ComputePool = .shared
    ) {
        precondition(x.count >= count * columns && y.count >= count * rows, "buffer sizes")
        guard count > 0, rows > 0 else { return }
        if let repacked {
            repacked.multiply(x.baseAddress!, count: count, into: y.baseAddress!, pool: pool)
            return
        }
        if let tiles, count < BLASGemm.minimumBatch {
            tiles.multiply(x.baseAddress!, count: count, into: y.baseAddress!, pool: pool)
            return
        }
        if BLASGemm.pays(type: type, rows: rows, columns: columns, batch: count) {
            BLASGemm.multiply(self, x: x.baseAddress!, count: count, y: y.baseAddress!, pool: pool)
            return
        }
        let (type, data, rowByteCount, columns, rows, kernels) = (
            type, data, rowByteCount, columns, rows, kernels
        )
        let format = ActivationFormat(for: type)
        let activationRow = format.rowByteCount(columns)
        let activations = UnsafeMutableRawPointer.allocate(
            byteCount: max(activationRow * count, 1), alignment: 64)
        defer { activations.deallocate() }
        let xBase = x.baseAddress!
        pool.parallelRanges(count) { vectors in
            for v in vectors {
                format.convert(xBase + v * columns, count: columns, into: activations + v * activationRow)
            }
        }
        let yBase = y.baseAddress!
        let rowsPerTask = 16
        pool.parallelRanges(rows, granularity: rowsPerTask) { range in
            DotKernels.mulMat(
                type, count: columns, weights: data, weightRowBytes: rowByteCount, rows: range,
                activations: activations, activationRowBytes: activationRow, columns: count,
                output: yBase, outputStride: rows, kernels: kernels)
        }
    }

    /// Reference twin of `multiply(batch:)`: every weight row dequantised, products summed in
    /// double, one thread. For tests.
    package func multiplyReference(batch x: [Float], count: Int) throws -> [Float] {
        var y = [Float](repeating: 0, count: count * rows)
        var row = [Float](repeating: 0, count: columns)
        for r in 0..<rows {
            try row.withUnsafeMutableBufferPointer { out in
                try type.dequantize(
                    UnsafeRawBufferPointer(start: data + r * rowByteCount, count: rowByteCount),
                    into: out)
            }
            for c in 0..<count {
                var sum = 0.0
                for k in 0..<columns { sum += Double(row[k]) * Double(x[c * columns + k]) }
                y[c * rows + r] = Float(sum)
            }
        }
        return y
    }
}
