/// OpenBLAS sgemm for large f32 batches, where its blocked GEMM beats our kernels. Smaller
/// batches (a question's tokens) stay on `llk_mul_mat`, which reads each weight row once for
/// the whole batch instead of packing the matrix.
enum BLASGemm {
    /// Batches below this many vectors stay on our kernels (see docs/kernels.md).
    static let minimumBatch = 32

    static func pays(type: GGMLType, rows: Int, columns: Int, batch: Int) -> Bool {
        type == .f32 && batch >= minimumBatch && rows * columns >= 64 * 64 && OpenBLAS.functions != nil
    }

    /// Y[count × rows] = X[count × columns] · Wᵀ, W stored row-major [rows × columns].
    static func multiply(
        _ w: WeightMatrix, x: UnsafePointer<Float>, count: Int, y: UnsafeMutablePointer<Float>,
        pool: ComputePool
    ) {
        guard let blas = OpenBLAS.functions else { preconditionFailure("BLASGemm.multiply without OpenBLAS") }
        setThreads(pool.threadCount, blas)
        blas.sgemm(
            OpenBLAS.rowMajor, OpenBLAS.noTranspose, OpenBLAS.transpose, Int32(count), Int32(w.rows), Int32(w.columns),
            1, x, Int32(w.columns), w.data.assumingMemoryBound(to: Float.self), Int32(w.columns),
            0, y, Int32(w.rows))
    }

    /// OpenBLAS keeps its own threads: match them to our pool so the two do not fight.
    static func setThreads(_ count: Int, _ blas: OpenBLAS.Functions) {
        if blas.getThreads() != Int32(count) { blas.setThreads(Int32(count)) }
    }
}
