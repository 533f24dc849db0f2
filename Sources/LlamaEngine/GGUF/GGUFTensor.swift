/// One tensor of a mapped GGUF file: its description and its bytes. Holding a `GGUFTensor`
/// keeps the file mapped.
public struct GGUFTensor: @unchecked Sendable {
    // @unchecked: `bytes` points into the read-only mapping that `storage` keeps alive.
    public let info: GGUFTensorInfo
    let storage: MappedBytes

    init(info: GGUFTensorInfo, storage: MappedBytes) {
        self.info = info
        self.storage = storage
    }

    public var name: String { info.name }
    public var type: GGMLType { info.type }
    /// Dimensions in ggml order (`shape[0]` is the row length).
    public var shape: [Int] { info.shape }

    /// The raw data, exactly as stored (blocks for quantized types), valid while this value
    /// (or its file) is alive.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage.buffer[info.fileOffset..<info.fileOffset + info.byteCount])
    }
}
