import LlamaEngine
import Testing

@Suite("AMX bf16 tile weights", .enabled(if: BF16TileWeights.available, "needs AMX-BF16"))
struct BF16TileWeightsTests {
    /// Y = X Wᵀ in double from the f32 values.
    static func exact(_ w: [Float], _ x: [Float], rows: Int, columns: Int, batch: Int) -> [Float] {
        var y = [Float](repeating: 0, count: batch * rows)
        for c in 0..<batch {
            for r in 0..<rows {
                var sum = 0.0
                for k in 0..<columns { sum += Double(w[r * columns + k]) * Double(x[c * columns + k]) }
                y[c * rows + r] = Float(sum)
            }
        }
        return y
    }

    @Test(
        "tile products equal their reference twin and the f32 product over awkward sizes",
        arguments: [1, 3, 31, 33, 255, 257])
    func multiplyMatchesReference(columns: Int) throws {
        var rng = SeededGenerator(seed: UInt64(columns))
        for (rows, batch) in [(1, 1), (3, 16), (17, 3), (33, 17), (40, 31), (16, 12)] {
            let w = rng.floats(rows * columns, scale: 2)
            let x = rng.floats(batch * columns, scale: 3)
            let tiles = try #require(
                w.withUnsafeBufferPointer {
                    BF16TileWeights(f32: $0.baseAddress!, columns: columns, rows: rows, pool: .shared)
                })
            var fast = [Float](repeating: .nan, count: batch * rows)
            var reference = fast
            x.withUnsafeBufferPointer { xp in
                fast.withUnsafeMutableBufferPointer {
                    tiles.multiply(xp.baseAddress!, count: batch, into: $0.baseAddress!, pool: .shared)
                }
                reference.withUnsafeMutableBufferPointer {
                    tiles.multiplyReference(xp.baseAddress!, count: batch, into: $0.baseAddress!)
                }
            }
            let exact = Self.exact(w, x, rows: rows, columns: columns, batch: batch)
            // Bound by the sum of |w_k x_k| of each output: the tiles sum in f32, the split
            // keeps ~16 bits of each operand.
            for c in 0..<batch {
                for r in 0..<rows {
                    var magnitude: Float = 0
                    for k in 0..<columns { magnitude += abs(w[r * columns + k] * x[c * columns + k]) }
                    let i = c * rows + r
                    #expect(abs(fast[i] - reference[i]) <= 1e-6 * magnitude, "\(rows)x\(columns) b\(batch) \(i)")
                    #expect(abs(reference[i] - exact[i]) <= 3e-5 * magnitude, "\(rows)x\(columns) b\(batch) \(i)")
                }
            }
        }
    }

    @Test("an f32 weight matrix with tiles multiplies small and large batches like its reference")
    func weightMatrixUsesTiles() throws {
        var rng = SeededGenerator(seed: 11)
        let (rows, columns) = (37, 96)
        let bytes = try KernelFixtures.weights(.f32, count: rows * columns, rng: &rng)
        for threads in 1...2 {
            let pool = ComputePool(threads: threads)
            let w = try WeightMatrix(
                type: .f32, rows: rows, columns: columns, bytes: bytes, kernels: .best, tiles: true,
                pool: pool)
            for batch in [1, 12, 31, 40] {
                let x = rng.floats(batch * columns)
                let reference = try w.multiplyReference(batch: x, count: batch)
                let scale = reference.map(abs).max() ?? 1
                var y = [Float](repeating: .nan, count: batch * rows)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { w.multiply(batch: xp, count: batch, into: $0, pool: pool) }
                }
                for i in y.indices { #expect(abs(y[i] - reference[i]) <= 1e-4 * scale, "batch \(batch) \(i)") }
            }
        }
    }
}
