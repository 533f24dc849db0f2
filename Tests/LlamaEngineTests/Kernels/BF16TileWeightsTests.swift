import LlamaEngine
import Testing

@Suite("AMX bf16 tile weights", .enabled(if: BF16TileWeights.available, "needs AMX-BF16"))
struct BF16TileWeightsTests {
    static let shapes = [(1, 1), (3, 16), (17, 3), (33, 17), (40, 31), (16, 12)]  // (rows, batch)

    /// Checks tiles.multiply against its reference twin (tightly) and the reference against
    /// Y = X Wᵀ in double from `w` (within the split's rounding), both relative to the sum of
    /// |w_k x_k| of each output.
    static func check(_ tiles: BF16TileWeights, w: [Float], x: [Float], batch: Int) {
        let (rows, columns) = (tiles.rows, tiles.columns)
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
        for c in 0..<batch {
            for r in 0..<rows {
                var exact = 0.0
                var magnitude: Float = 0
                for k in 0..<columns {
                    exact += Double(w[r * columns + k]) * Double(x[c * columns + k])
                    magnitude += abs(w[r * columns + k] * x[c * columns + k])
                }
                let i = c * rows + r
                #expect(abs(fast[i] - reference[i]) <= 1e-6 * magnitude, "\(rows)x\(columns) b\(batch) \(i)")
                #expect(abs(Double(reference[i]) - exact) <= 3e-5 * Double(magnitude), "\(rows)x\(columns) b\(batch) \(i)")
            }
        }
    }

    @Test(
        "split f32 tile products equal their reference twin and the f32 product over awkward sizes",
        arguments: [1, 3, 31, 33, 255, 257])
    func splitMatchesReference(columns: Int) throws {
        var rng = SeededGenerator(seed: UInt64(columns))
        for (rows, batch) in Self.shapes {
            let w = rng.floats(rows * columns, scale: 2)
            let tiles = try #require(
                w.withUnsafeBufferPointer {
                    BF16TileWeights(f32: $0.baseAddress!, columns: columns, rows: rows, pool: .shared)
                })
            Self.check(tiles, w: w, x: rng.floats(batch * columns, scale: 3), batch: batch)
        }
    }

    @Test(
        "q8_0 tile products equal their reference twin and the dequantised product over awkward sizes",
        arguments: [1, 3, 31, 33, 255])
    func q8MatchesReference(blocks: Int) throws {
        var rng = SeededGenerator(seed: UInt64(blocks) + 100)
        let columns = 32 * blocks
        for (rows, batch) in Self.shapes {
            let bytes = try GGMLType.q8_0.quantize(rng.floats(rows * columns, scale: 2))
            let w = try bytes.withUnsafeBytes { try GGMLType.q8_0.dequantize($0, count: rows * columns) }
            let tiles = try #require(
                bytes.withUnsafeBytes {
                    BF16TileWeights(
                        q8_0: $0.baseAddress!, rowBytes: GGMLType.q8_0.rowByteCount(columns), columns: columns,
                        rows: rows, pool: .shared)
                })
            Self.check(tiles, w: w, x: rng.floats(batch * columns, scale: 3), batch: batch)
        }
    }

    @Test("a weight matrix with tiles multiplies small batches on them and large ones like before")
    func weightMatrixUsesTiles() throws {
        var rng = SeededGenerator(seed: 11)
        let (rows, columns) = (37, 96)
        let w = rng.floats(rows * columns)
        let bytes = w.withUnsafeBytes { Array($0) }
        for threads in 1...2 {
            let pool = ComputePool(threads: threads)
            let tiles = w.withUnsafeBufferPointer {
                BF16TileWeights(f32: $0.baseAddress!, columns: columns, rows: rows, pool: pool)
            }
            let matrix = try WeightMatrix(
                type: .f32, rows: rows, columns: columns, bytes: bytes, kernels: .best, tiles: tiles, pool: pool)
            for batch in [1, 12, 31, 40] {
                let x = rng.floats(batch * columns)
                let reference = try matrix.multiplyReference(batch: x, count: batch)
                let scale = reference.map(abs).max() ?? 1
                var y = [Float](repeating: .nan, count: batch * rows)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { matrix.multiply(batch: xp, count: batch, into: $0, pool: pool) }
                }
                for i in y.indices { #expect(abs(y[i] - reference[i]) <= 1e-4 * scale, "batch \(batch) \(i)") }
            }
        }
    }
}
