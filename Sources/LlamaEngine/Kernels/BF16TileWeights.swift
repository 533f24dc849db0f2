internal import CLlamaKernels

/// A copy of a weight matrix as bf16 tiles for AMX-BF16 (layouts in
/// CLlamaKernels/matmul_amx.c), several times faster than the FMA kernel on the small batches
/// of a search question. Activations are split into bf16 hi + lo, so they keep about 16
/// significant bits; the weights are either
///
/// - `split`: f32 values split the same way (as large as the f32 matrix, within ~1e-5 of it),
/// - `q8`: a q8_0 matrix's int8 values, exact in bf16, with the f32 block scales applied to
///   each tile's sums (2 bytes a weight plus scales, the f32 expansion's products exactly).
///
/// The one owner of its buffer.
package final class BF16TileWeights: @unchecked Sendable {
    // @unchecked: written once in init, read-only afterwards.
    enum Layout { case split, q8 }

    let layout: Layout
    package let columns: Int
    package let rows: Int
    /// Blocks of 16 rows.
    let blocks: Int
    let buffer: UnsafeMutableRawPointer

    /// True when this CPU multiplies on AMX tiles (and Linux granted the process their state).
    package static var available: Bool { llk_amx_available() != 0 }

    /// The `split` layout of `rows` rows of `columns` floats. Nil without AMX or when empty.
    package init?(f32 data: UnsafePointer<Float>, columns: Int, rows: Int, pool: ComputePool) {
        guard Self.available, rows > 0, columns > 0 else { return nil }
        (layout, self.columns, self.rows, blocks) = (.split, columns, rows, (rows + 15) / 16)
        buffer = UnsafeMutableRawPointer.allocate(
            byteCount: llk_bf16x2_packed_size(Int64(columns), Int64(rows)), alignment: 64)
        let out = buffer
        pool.parallelRanges(blocks) { range in
            llk_bf16x2_pack(
                data, Int64(columns), Int64(columns), Int64(rows), Int64(range.lowerBound),
                Int64(range.upperBound), out)
        }
    }

    /// The `q8` layout of `rows` q8_0 rows of `columns` values, `rowBytes` apart. Nil without
    /// AMX or when empty.
    package init?(q8_0 data: UnsafeRawPointer, rowBytes: Int, columns: Int, rows: Int, pool: ComputePool) {
        guard Self.available, rows > 0, columns > 0, columns % 32 == 0 else { return nil }
        (layout, self.columns, self.rows, blocks) = (.q8, columns, rows, (rows + 15) / 16)
        buffer = UnsafeMutableRawPointer.allocate(
            byteCount: llk_q8_tiles_size(Int64(columns), Int64(rows)), alignment: 64)
        let out = buffer
        pool.parallelRanges(blocks) { range in
            _ = llk_q8_tiles_pack(
                data, rowBytes, Int64(columns), Int64(rows), Int64(range.lowerBound),
                Int64(range.upperBound), out)
        }
    }

    deinit { buffer.deallocate() }

    /// y[c * rows + r] = (W x_c)[r] for `count` vectors of `columns` floats.
    package func multiply(
        _ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>,
        pool: ComputePool
    ) {
        withActivations(x, count: count) { activations in
            let (layout, columns, rows, weights) = (layout, columns, rows, UnsafeRawPointer(buffer))
            pool.parallelRanges(blocks, granularity: 2) { range in
                let (n, b0, b1) = (Int64(columns), Int64(range.lowerBound), Int64(range.upperBound))
                switch layout {
                case .split:
                    _ = llk_mul_mat_bf16x2(n, weights, b0, b1, activations, Int64(count), y, Int64(rows), Int64(rows))
                case .q8:
                    _ = llk_mul_mat_q8_tiles(n, weights, b0, b1, activations, Int64(count), y, Int64(rows), Int64(rows))
                }
            }
        }
    }

    /// Reference twin of `multiply`: the same bf16 products read from the packed tiles, summed
    /// in double, one thread. For tests.
    package func multiplyReference(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        withActivations(x, count: count) { activations in
            let (n, blocks) = (Int64(columns), Int64(blocks))
            switch layout {
            case .split:
                llk_mul_mat_bf16x2_ref(n, buffer, 0, blocks, activations, Int64(count), y, Int64(rows), Int64(rows))
            case .q8:
                llk_mul_mat_q8_tiles_ref(n, buffer, 0, blocks, activations, Int64(count), y, Int64(rows), Int64(rows))
            }
        }
    }

    /// Runs `body` on `count` vectors split into bf16 hi and lo rows.
    private func withActivations(
        _ x: UnsafePointer<Float>, count: Int, _ body: (UnsafeMutableRawPointer) -> Void
    ) {
        let activations = UnsafeMutableRawPointer.allocate(
            byteCount: llk_bf16x2_activation_size(Int64(columns), Int64(count)), alignment: 64)
        defer { activations.deallocate() }
        llk_bf16x2_activations(x, Int64(columns), Int64(columns), Int64(count), activations)
        body(activations)
    }
}
