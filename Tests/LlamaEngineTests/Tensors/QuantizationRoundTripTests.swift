import LlamaEngine
import Testing

/// A small seeded generator (SplitMix64) so failures replay.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func floats(_ count: Int, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in Float.random(in: -scale...scale, using: &self) }
    }
}

@Suite("Quantisation round trips")
struct QuantizationRoundTripTests {
    /// Largest error allowed per block, as a fraction of the block's range (max - min) or,
    /// for float types, of each value's magnitude.
    static let cases: [(GGMLType, Float)] = [
        (.q8_0, 1.0 / 254 + 1e-3), (.q4_0, 1.0 / 16 + 1e-3), (.q4_1, 1.0 / 30 + 1e-3),
        (.q5_0, 1.0 / 32 + 1e-3), (.q5_1, 1.0 / 62 + 1e-3), (.q8_K, 1.0 / 254 + 1e-3),
    ]

    @Test("quantise then dequantise stays within each block type's known error", arguments: cases)
    func blockTypes(type: GGMLType, fraction: Float) throws {
        var rng = SeededGenerator(seed: 42)
        // Smaller scales make the f16 block scales subnormal, which the bounds do not model.
        for scale: Float in [0.01, 1, 300] {
            let values = rng.floats(type.blockSize * 9, scale: scale)
            let back = try type.quantize(values).withUnsafeBytes {
                try type.dequantize($0, count: values.count)
            }
            for start in stride(from: 0, to: values.count, by: type.blockSize) {
                let block = values[start..<start + type.blockSize]
                let range = block.max()! - block.min()!
                for i in block.indices {
                    #expect(abs(back[i] - values[i]) <= fraction * range, "\(type) at \(i)")
                }
            }
        }
    }

    @Test("f16 and bf16 round values to their precision", arguments: [
        (GGMLType.f16, Float(1.0 / 2048)), (.bf16, Float(1.0 / 256)),
    ])
    func floatTypes(type: GGMLType, relative: Float) throws {
        var rng = SeededGenerator(seed: 7)
        let values = rng.floats(1000, scale: 100)
        let back = try type.quantize(values).withUnsafeBytes {
            try type.dequantize($0, count: values.count)
        }
        for (a, b) in zip(values, back) { #expect(abs(a - b) <= relative * abs(a)) }
    }

    @Test("types without a quantiser and misaligned counts are rejected")
    func rejects() {
        #expect(throws: LlamaEngineError.self) { try GGMLType.q4_K.quantize([Float](repeating: 0, count: 256)) }
        #expect(throws: LlamaEngineError.self) { try GGMLType.q8_0.quantize([1, 2, 3]) }
    }
}
