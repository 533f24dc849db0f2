internal import CLlamaKernels

/// A copy of an f32 matrix as bf16 hi + lo tiles for AMX-BF16 (layout in
/// CLlamaKernels/matmul_amx.c): the same size as the f32 original, within ~1e-5 of it, and
/// several times faster than the FMA kernel on the small batches of a search question. The
/// one owner of its buffer.
package final class BF16TileWeights: @unchecked Sendable {
    // @unchecked: written once in init, read-only afterwards.
    package let columns: Int
    package let rows: Int
    /// Blocks of 16 rows.
    let blocks: Int
    let buffer: UnsafeMutableRawPointer

    /// True when this CPU multiplies on AMX tiles (and Linux granted the process their state).
    package static var available: Bool { llk_amx_available() != 0 }

    /// Nil without AMX or for an empty matrix. `data` holds `rows` rows of `columns` floats.
    package init?(f32 data: UnsafePointer<Float>, columns: Int, rows: Int, pool: ComputePool) {
        guard Self.available, rows > 0, columns > 0 else { return nil }
        self.columns = columns
        self.rows = rows
        blocks = (rows + 15) / 16
        buffer = UnsafeMutableRawPointer.allocate(
            byteCount: llk_bf16x2_packed_size(Int64(columns), Int64(rows)), alignment: 64)
        let out = buffer
        pool.parallelRanges(blocks) { range in
            llk_bf16x2_pack(
                data, Int64(columns), Int64(columns), Int64(rows), Int64(range.lowerBound),
                Int64(range.upperBound), out)
        }
    }

    deinit { buffer.deallocate() }

    /// y[c * rows + r] = (W x_c)[r] for `count` vectors of `columns` floats.
    package func multiply(
        _ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>,
        pool: ComputePool
    ) {
        let activations = UnsafeMutableRawPointer.allocate(
            byteCount: llk_bf16x2_activation_size(Int64(columns), Int64(count)), alignment: 64)
        defer { activations.deallocate() }
        llk_bf16x2_activations(x, Int64(columns), Int64(columns), Int64(count), activations)
        let (columns, rows, weights) = (columns, rows, UnsafeRawPointer(buffer))
        pool.parallelRanges(blocks, granularity: 2) { range in
            _ = llk_mul_mat_bf16x2(
                Int64(columns), weights, Int64(range.lowerBound), Int64(range.upperBound),
                activations, Int64(count), y, Int64(rows), Int64(rows))
        }
    }

    /// Reference twin of `multiply`: the same bf16 hi/lo products read from the packed tiles,
    /// summed in double, one thread. For tests.
    package func multiplyReference(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let activations = UnsafeMutableRawPointer.allocate(
            byteCount: llk_bf16x2_activation_size(Int64(columns), Int64(count)), alignment: 64)
        defer { activations.deallocate() }
        llk_bf16x2_activations(x, Int64(columns), Int64(columns), Int64(count), activations)
        llk_mul_mat_bf16x2_ref(
            Int64(columns), buffer, 0, Int64(blocks), activations, Int64(count), y, Int64(rows),
            Int64(rows))
    }
}
