internal import CLlamaKernels

/// A heap copy of a q4_0 or q8_0 matrix with eight rows interleaved per block, for the AVX2 /
/// AVX-512 VNNI kernels (layout in CLlamaKernels/repack.c): same size as the original, about
/// twice as fast to multiply. The one owner of its buffer.
final class RepackedWeights: @unchecked Sendable {
    // @unchecked: written once in init, read-only afterwards.
    let type: GGMLType
    let columns: Int
    let rows: Int
    let groups: Int
    let buffer: UnsafeMutableRawPointer
    let kernels: KernelSet

    /// Bytes of one activation row (q8_0s) of `columns` values.
    var activationRowBytes: Int { columns / 32 * 40 }

    /// Nil when `type` has no interleaved form or `kernels` has no kernels for it.
    init?(
        type: GGMLType, data: UnsafeRawPointer, rowBytes: Int, columns: Int, rows: Int,
        kernels: KernelSet, pool: ComputePool
    ) {
        guard type == .q4_0 || type == .q8_0, kernels != .plain, rows > 0, columns > 0 else {
            return nil
        }
        let size = llk_repacked_size(type.rawValue, Int64(columns), Int64(rows))
        self.type = type
        self.columns = columns
        self.rows = rows
        self.kernels = kernels
        groups = (rows + 7) / 8
        buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        let groupBytes = size / groups
        let out = buffer
        pool.parallelRanges(groups) { range in
            let firstRow = range.lowerBound * 8
            _ = llk_repack(
                type.rawValue, data + firstRow * rowBytes, rowBytes, Int64(columns),
                Int64(min(range.count * 8, rows - firstRow)), out + range.lowerBound * groupBytes)
        }
    }

    deinit { buffer.deallocate() }

    /// y[c * rows + r] = (W x_c)[r] for `count` vectors of `columns` floats.
    func multiply(
        _ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>,
        pool: ComputePool
    ) {
        let rowBytes = activationRowBytes
        let activations = UnsafeMutableRawPointer.allocate(
            byteCount: max(rowBytes * count, 1), alignment: 64)
        defer { activations.deallocate() }
        let columns = columns
        pool.parallelRanges(count) { vectors in
            for v in vectors {
                llk_quantize_q8_0s(x + v * columns, activations + v * rowBytes, Int64(columns))
            }
        }
        let (type, rows, weights, kernels) = (type, rows, UnsafeRawPointer(buffer), kernels)
        pool.parallelRanges(groups, granularity: 2) { range in
            _ = llk_mul_mat_x8(
                kernels.rawValue, type.rawValue, Int64(columns), weights,
                Int64(range.lowerBound), Int64(range.upperBound), activations, rowBytes,
                Int64(count), y, Int64(rows), Int64(rows))
        }
    }
}
