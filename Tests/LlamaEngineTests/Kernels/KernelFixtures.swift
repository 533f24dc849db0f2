import LlamaEngine

/// Random weight rows for any type: quantised from seeded floats where a quantiser exists,
/// otherwise random blocks whose f16 scales are set to small finite values (k-quants).
enum KernelFixtures {
    /// Byte offsets of the f16 scale fields inside one block of each k-quant.
    static let scaleOffsets: [GGMLType: [Int]] = [
        .q2_K: [80, 82], .q3_K: [108], .q4_K: [0, 2], .q5_K: [0, 2], .q6_K: [208],
    ]

    static func weights(_ type: GGMLType, count: Int, rng: inout SeededGenerator) throws -> [UInt8] {
        if type.canQuantize { return try type.quantize(rng.floats(count)) }
        let blocks = count / type.blockSize
        var bytes = (0..<blocks * type.bytesPerBlock).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for block in 0..<blocks {
            for offset in scaleOffsets[type] ?? [] {
                let scale = Float16(Float.random(in: -0.05...0.05, using: &rng)).bitPattern
                bytes[block * type.bytesPerBlock + offset] = UInt8(scale & 0xFF)
                bytes[block * type.bytesPerBlock + offset + 1] = UInt8(scale >> 8)
            }
        }
        return bytes
    }

    /// Every weight type with dot kernels.
    static let dotTypes: [GGMLType] = [
        .f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K,
    ]

    /// Awkward row lengths for `type`: 1, 3, 31, 33, 255, 257 blocks (values for plain types).
    static func awkwardCounts(_ type: GGMLType) -> [Int] {
        [1, 3, 31, 33, 255, 257].map { $0 * type.blockSize } + (type.isQuantized ? [] : [4103])
    }
}
