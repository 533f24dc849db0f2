internal import COpenBLAS

/// OpenBLAS sgemm for large f32 batches, where its blocked GEMM beats row-by-row dot products.
enum BLASGemm {
    /// Batches below this many vectors stay on our kernels (see docs/kernels.md).
    static let minimumBatch = 8

    static func pays(type: GGMLType, rows: Int, columns: Int, batch: Int) -> Bool {
        type == .f32 && batch >= minimumBatch && rows * columns >= 64 * 64
    }

    /// Y[count × rows] = X[count × columns] · Wᵀ, W stored row-major [rows × columns].
    static func multiply(
        _ w: WeightMatrix, x: UnsafePointer<Float>, count: Int, y: UnsafeMutablePointer<Float>,
        pool: ComputePool
    ) {
        setThreads(pool.threadCount)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(w.rows), Int32(w.columns),
            1, x, Int32(w.columns), w.data.assumingMemoryBound(to: Float.self), Int32(w.columns),
            0, y, Int32(w.rows))
    }

    /// OpenBLAS keeps its own threads: match them to our pool so the two do not fight.
    private static func setThreads(_ count: Int) {
        if openblas_get_num_threads() != Int32(count) { openblas_set_num_threads(Int32(count)) }
    }
}
