/// Where one tensor lives in a GGUF file and what it holds.
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's name, e.g. `blk.0.attn_q.weight`.
    public let name: String
    public let type: GGMLType
    /// Dimensions in ggml order: `shape[0]` is the row length (the fastest-varying index), so
    /// a weight matrix with `rows` outputs and `cols` inputs has shape `[cols, rows]`.
    public let shape: [Int]
    /// Offset of the data from the start of the file.
    public let fileOffset: Int
    /// Bytes of data.
    public let byteCount: Int

    /// Number of values (the product of `shape`).
    public var elementCount: Int { shape.reduce(1, *) }
    /// Length of one row (`shape[0]`).
    public var rowLength: Int { shape.first ?? 1 }
    /// Number of rows (the product of the other dimensions).
    public var rowCount: Int { shape.dropFirst().reduce(1, *) }
}
