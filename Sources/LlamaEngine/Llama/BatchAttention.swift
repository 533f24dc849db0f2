import Foundation

/// Attention for a batch of new positions, one head at a time as two OpenBLAS sgemms
/// (scores = Q Kᵀ, output = softmax(scores) V): for long prompts this beats a dot product per
/// query-key pair many times over. Heads run in parallel on the pool, each sgemm on one thread.
enum BatchAttention {
    /// Batches below this many positions use `LlamaAttention.run`.
    static let minimumBatch = 16

    /// Whether `run` can be used for a batch of `count` positions (it needs OpenBLAS).
    static func pays(count: Int) -> Bool {
        count >= minimumBatch && OpenBLAS.functions != nil
    }

    /// Same contract as `LlamaAttention.run`.
    static func run(
        queries: [Float], keys: [Float], values: [Float], start: Int, count n: Int, configuration c: LlamaConfiguration,
        pool: ComputePool, into out: inout [Float]
    ) {
        let hd = c.headDimension, qWidth = c.queryWidth, kvWidth = c.keyValueWidth, group = c.groupSize
        let length = start + n
        let scale = 1 / Float(hd).squareRoot()
        guard let blas = OpenBLAS.functions else { preconditionFailure("BatchAttention.run without OpenBLAS") }
        // Each head's sgemms run on the pool thread that owns the head.
        BLASGemm.setThreads(1, blas)
        queries.withUnsafeBufferPointer { qb in
            keys.withUnsafeBufferPointer { kb in
                values.withUnsafeBufferPointer { vb in
                    out.withUnsafeMutableBufferPointer { ob in
                        let q = qb.baseAddress!, k = kb.baseAddress!, v = vb.baseAddress!, o = ob.baseAddress!
                        pool.parallelRanges(c.headCount) { heads in
                            let scores = UnsafeMutablePointer<Float>.allocate(capacity: n * length)
                            defer { scores.deallocate() }
                            for head in heads {
                                let kvHead = head / group
                                blas.sgemm(
                                    OpenBLAS.rowMajor, OpenBLAS.noTranspose, OpenBLAS.transpose, Int32(n), Int32(length), Int32(hd), scale,
                                    q + head * hd, Int32(qWidth), k + kvHead * hd, Int32(kvWidth), 0, scores, Int32(length))
                                for t in 0..<n {
                                    softmaxCausal(scores + t * length, visible: start + t + 1, length: length)
                                }
                                blas.sgemm(
                                    OpenBLAS.rowMajor, OpenBLAS.noTranspose, OpenBLAS.noTranspose, Int32(n), Int32(hd), Int32(length), 1,
                                    scores, Int32(length), v + kvHead * hd, Int32(kvWidth), 0, o + head * hd, Int32(qWidth))
                            }
                        }
                    }
                }
            }
        }
        BLASGemm.setThreads(pool.threadCount, blas)
    }

    /// Softmax over the first `visible` entries of a row; the rest (the future) become 0.
    private static func softmaxCausal(_ row: UnsafeMutablePointer<Float>, visible: Int, length: Int) {
        var maxScore = -Float.infinity
        for j in 0..<visible { maxScore = max(maxScore, row[j]) }
        var total: Float = 0
        for j in 0..<visible {
            row[j] = exp(row[j] - maxScore)
            total += row[j]
        }
        let inverse = 1 / total
        for j in 0..<visible { row[j] *= inverse }
        for j in visible..<length { row[j] = 0 }
    }
}
