import LlamaEngine
import Testing

@Suite("Weight matrices")
struct WeightMatrixTests {
    static let cases: [(GGMLType, Int, Int)] = [
        (.f32, 37, 1), (.f32, 37, 9), (.f32, 6, 31), (.f32, 41, 12), (.f16, 33, 5), (.bf16, 17, 2), (.q8_0, 37, 1),
        (.q8_0, 37, 11), (.q8_0, 8, 4), (.q4_0, 65, 3), (.q4_0, 13, 1), (.q4_0, 1, 6), (.q4_1, 31, 2), (.q5_0, 19, 4), (.q5_1, 3, 1),
        (.q2_K, 21, 2), (.q3_K, 9, 3), (.q4_K, 35, 5), (.q5_K, 7, 1), (.q6_K, 33, 9),
    ]

    @Test(
        "y = W x and Y = X Wᵀ equal the reference for every type and kernel set, on 1 to 3 threads",
        arguments: cases)
    func multiplyMatchesReference(type: GGMLType, rows: Int, batch: Int) throws {
        var rng = SeededGenerator(seed: UInt64(rows * 31 + batch))
        let columns = type.blockSize * (type.isQuantized ? 3 : 100)
        let bytes = try KernelFixtures.weights(type, count: rows * columns, rng: &rng)
        let x = rng.floats(batch * columns)
        let reference = try WeightMatrix(type: type, rows: rows, columns: columns, bytes: bytes)
            .multiplyReference(batch: x, count: batch)
        let scale = reference.map(abs).max() ?? 1
        for kernels in KernelSet.supported {
            for threads in 1...3 {
                let pool = ComputePool(threads: threads)
                let w = try WeightMatrix(
                    type: type, rows: rows, columns: columns, bytes: bytes, kernels: kernels,
                    pool: pool)
                var y = [Float](repeating: .nan, count: batch * rows)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer {
                        w.multiply(batch: xp, count: batch, into: $0, pool: pool)
                    }
                }
                // Activations are quantised to 8 bits for quantised weights: ~1% of the scale.
                let tolerance: Float = type.isQuantized ? 0.02 * scale : 1e-3 * scale
                for i in y.indices {
                    #expect(
                        abs(y[i] - reference[i]) <= tolerance,
                        "\(type) \(i) \(kernels) threads \(threads)")
                }
            }
        }
    }

    @Test("a GGUF tensor wraps without copying and multiplies like its bytes")
    func wrapsTensor() throws {
        var rng = SeededGenerator(seed: 5)
        let bytes = try GGMLType.q8_0.quantize(rng.floats(64 * 3))
        var writer = GGUFWriter()
        try writer.addTensor(name: "w", type: .q8_0, shape: [64, 3], bytes: bytes)
        let file = try GGUFFile(image: writer.image())
        let w = try WeightMatrix(file.requiredTensor("w"))
        #expect(w.rows == 3 && w.columns == 64 && w.type == .q8_0)
        let x = rng.floats(64)
        var y = [Float](repeating: 0, count: 3)
        x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { w.multiply(xp, into: $0) } }
        let reference = try w.multiplyReference(batch: x, count: 1)
        for i in 0..<3 { #expect(abs(y[i] - reference[i]) < 0.05) }
    }

    @Test("matrices of unsupported types or wrong sizes are rejected")
    func rejects() {
        #expect(throws: LlamaEngineError.self) {
            try WeightMatrix(type: .q8_K, rows: 1, columns: 256, bytes: [UInt8](repeating: 0, count: 292))
        }
        #expect(throws: LlamaEngineError.self) {
            try WeightMatrix(type: .q8_0, rows: 2, columns: 32, bytes: [UInt8](repeating: 0, count: 34))
        }
    }
}
