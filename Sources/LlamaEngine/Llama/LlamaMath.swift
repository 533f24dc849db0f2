import Foundation

/// The element-wise parts of the llama block, each beside the plain loop it is.
enum LlamaMath {
    /// `out[r] = x[r] / sqrt(mean(x[r]²) + ε) * weight`, row by row.
    static func rmsNorm(_ x: [Float], weight: [Float], epsilon: Float, rows: Int, into out: inout [Float]) {
        let dim = weight.count
        for r in 0..<rows {
            var sum = 0.0
            for i in 0..<dim { sum += Double(x[r * dim + i]) * Double(x[r * dim + i]) }
            let scale = Float(1 / (sum / Double(dim) + Double(epsilon)).squareRoot())
            for i in 0..<dim { out[r * dim + i] = x[r * dim + i] * scale * weight[i] }
        }
    }

    /// `gate = silu(gate) * up`.
    static func swiGLU(_ gate: inout [Float], _ up: [Float]) {
        for i in gate.indices {
            let g = gate[i]
            gate[i] = g / (1 + exp(-g)) * up[i]
        }
    }
}

/// Causal grouped-query attention of a batch of queries over the KV cache.
enum LlamaAttention {
    /// For each of `count` new positions (the first at `start`) and each head: softmax of
    /// q·k/√d over positions 0...start+t, times v. Heads × positions are split across the pool.
    static func run(
        queries: [Float], keys: [Float], values: [Float], start: Int, count: Int, configuration c: LlamaConfiguration,
        pool: ComputePool, into out: inout [Float]
    ) {
        let hd = c.headDimension, qWidth = c.queryWidth, kvWidth = c.keyValueWidth, group = c.groupSize
        let scale = 1 / Float(hd).squareRoot()
        queries.withUnsafeBufferPointer { qb in
            keys.withUnsafeBufferPointer { kb in
                values.withUnsafeBufferPointer { vb in
                    out.withUnsafeMutableBufferPointer { ob in
                        let q = qb.baseAddress!, k = kb.baseAddress!, v = vb.baseAddress!, o = ob.baseAddress!
                        pool.parallelRanges(count * c.headCount) { range in
                            var scores = [Float](repeating: 0, count: start + count)
                            for job in range {
                                let t = job / c.headCount, head = job % c.headCount
                                let kvHead = head / group
                                let query = q + t * qWidth + head * hd
                                let visible = start + t + 1
                                var maxScore = -Float.infinity
                                for j in 0..<visible {
                                    // The engine's f32 dot kernel: SIMD that plain Swift would
                                    // not get without a target CPU.
                                    let key = k + j * kvWidth + kvHead * hd
                                    scores[j] = DotKernels.dot(.f32, count: hd, weights: key, activations: query) * scale
                                    maxScore = max(maxScore, scores[j])
                                }
                                var total: Float = 0
                                for j in 0..<visible {
                                    scores[j] = exp(scores[j] - maxScore)
                                    total += scores[j]
                                }
                                let result = o + t * qWidth + head * hd
                                for d in 0..<hd { result[d] = 0 }
                                for j in 0..<visible {
                                    let weight = scores[j] / total
                                    let value = v + j * kvWidth + kvHead * hd
                                    for d in 0..<hd { result[d] += weight * value[d] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
