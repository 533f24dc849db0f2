/// The encoder's forward pass over a batch of sequences of different lengths.
///
/// The batch's tokens are laid end to end, without padding, so every matrix product runs on
/// all of them at once; attention then runs per sequence and head, each token attending only
/// to the tokens of its own sequence (what a padding mask achieves on a padded batch,
/// without computing the masked scores).
extension BertModel {
    /// Pooled, not yet normalised, vectors of `sequences` (token ids, at most `contextLength`
    /// each, `[CLS]`/`[SEP]` included).
    func encode(_ sequences: [[Int32]], pool: ComputePool) throws -> [[Float]] {
        let lengths = sequences.map(\.count)
        var offsets = [0]
        for length in lengths { offsets.append(offsets.last! + length) }
        let tokens = offsets.last!
        guard tokens > 0 else { return sequences.map { _ in [Float](repeating: 0, count: hidden) } }

        var x = try embed(sequences, tokens: tokens)
        var q = [Float](repeating: 0, count: tokens * hidden)
        var k = q, v = q, context = q, sum = q
        var ff = [Float](repeating: 0, count: tokens * feedForward)

        x.withUnsafeMutableBufferPointer { x in
            normalizeRows(x, embeddingNorm, pool: pool)
        }
        for layer in layers {
            x.withUnsafeMutableBufferPointer { x in
                let input = UnsafeBufferPointer(x)
                linear(layer.query, layer.queryBias, input, tokens, &q, pool)
                linear(layer.key, layer.keyBias, input, tokens, &k, pool)
                linear(layer.value, layer.valueBias, input, tokens, &v, pool)
                attention(q, k, v, offsets: offsets, into: &context, pool: pool)
                context.withUnsafeBufferPointer { c in
                    linear(layer.attentionOutput, layer.attentionOutputBias, c, tokens, &sum, pool)
                }
                sum.withUnsafeMutableBufferPointer { s in
                    BertMath.add(s, input)
                    normalizeRows(s, layer.attentionNorm, pool: pool)
                    linear(layer.up, layer.upBias, UnsafeBufferPointer(s), tokens, &ff, pool)
                }
                ff.withUnsafeMutableBufferPointer { f in
                    pool.parallelRanges(tokens) { range in
                        BertMath.gelu(UnsafeMutableBufferPointer(
                            rebasing: f[range.lowerBound * feedForward..<range.upperBound * feedForward]))
                    }
                    linear(layer.down, layer.downBias, UnsafeBufferPointer(f), tokens, &q, pool)
                }
                sum.withUnsafeBufferPointer { s in
                    q.withUnsafeMutableBufferPointer { out in
                        BertMath.add(out, s)
                        normalizeRows(out, layer.outputNorm, pool: pool)
                        _ = x.update(fromContentsOf: out)
                    }
                }
            }
        }
        return (0..<sequences.count).map { s in poolSequence(x, from: offsets[s], count: lengths[s]) }
    }

    /// Token + position + token-type (0) embeddings of every token, end to end.
    private func embed(_ sequences: [[Int32]], tokens: Int) throws -> [Float] {
        var x = [Float](repeating: 0, count: tokens * hidden)
        let vocabulary = tokenEmbeddings.info.rowCount
        try x.withUnsafeMutableBufferPointer { x in
            var row = 0
            for sequence in sequences {
                guard sequence.count <= contextLength else {
                    throw LlamaEngineError(
                        .invalidArgument,
                        "sequence of \(sequence.count) tokens exceeds the context of \(contextLength)")
                }
                for (position, id) in sequence.enumerated() {
                    guard id >= 0, Int(id) < vocabulary else {
                        throw LlamaEngineError(
                            .invalidArgument, "token id \(id) outside the vocabulary of \(vocabulary)",
                            tensor: BertTensorNames.tokenEmbeddings)
                    }
                    let out = UnsafeMutableBufferPointer(rebasing: x[row * hidden..<(row + 1) * hidden])
                    try tokenEmbeddings.dequantizeRow(Int(id), into: out)
                    for i in 0..<hidden {
                        out[i] += positionEmbeddings[position * hidden + i] + tokenTypeZero[i]
                    }
                    row += 1
                }
            }
        }
        return x
    }

    /// `out = input · Wᵀ + bias` for `tokens` rows.
    private func linear(
        _ weight: WeightMatrix, _ bias: [Float], _ input: UnsafeBufferPointer<Float>, _ tokens: Int,
        _ out: inout [Float], _ pool: ComputePool
    ) {
        out.withUnsafeMutableBufferPointer { out in
            weight.multiply(batch: input, count: tokens, into: out, pool: pool)
            let width = weight.rows
            pool.parallelRanges(tokens) { range in
                BertMath.addBias(
                    UnsafeMutableBufferPointer(rebasing: out[range.lowerBound * width..<range.upperBound * width]),
                    bias)
            }
        }
    }

    private func normalizeRows(
        _ x: UnsafeMutableBufferPointer<Float>, _ norm: (weight: [Float], bias: [Float]), pool: ComputePool
    ) {
        let rows = x.count / hidden
        pool.parallelRanges(rows) { range in
            BertMath.layerNorm(
                UnsafeMutableBufferPointer(rebasing: x[range.lowerBound * hidden..<range.upperBound * hidden]),
                width: hidden, weight: norm.weight, bias: norm.bias, epsilon: epsilon)
        }
    }

    /// Scaled dot-product attention within each sequence, one task per (sequence, head).
    /// The head's keys are first transposed to [headDimension][tokens], so that a query's
    /// scores are built a vector of keys at a time, with no horizontal sums
    /// (`AttentionKernels`, C on the CPU's widest vectors).
    private func attention(
        _ q: [Float], _ k: [Float], _ v: [Float], offsets: [Int], into context: inout [Float],
        pool: ComputePool
    ) {
        let sequenceCount = offsets.count - 1
        let heads = headCount
        let headDimension = headDimension
        let hidden = hidden
        let scale = 1 / Float(headDimension).squareRoot()
        let longest = zip(offsets.dropFirst(), offsets).map { $0 - $1 }.max() ?? 0
        q.withUnsafeBufferPointer { q in
            k.withUnsafeBufferPointer { k in
                v.withUnsafeBufferPointer { v in
                    context.withUnsafeMutableBufferPointer { context in
                        pool.run(tasks: sequenceCount * heads) { task in
                            let sequence = task / heads
                            let head = task % heads
                            let start = offsets[sequence]
                            let count = offsets[sequence + 1] - start
                            guard count > 0 else { return }
                            let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest + 8)
                            let keys = UnsafeMutablePointer<Float>.allocate(capacity: headDimension * count)
                            defer {
                                scores.deallocate()
                                keys.deallocate()
                            }
                            let column = head * headDimension
                            for j in 0..<count {
                                let row = k.baseAddress! + (start + j) * hidden + column
                                for d in 0..<headDimension { keys[d * count + j] = row[d] }
                            }
                            for i in 0..<count {
                                let query = q.baseAddress! + (start + i) * hidden + column
                                AttentionKernels.scores(
                                    query, keys: keys, dimension: headDimension, count: count,
                                    scale: scale, into: scores)
                                let row = UnsafeMutableBufferPointer(start: scores, count: count)
                                BertMath.softmax(row)
                                AttentionKernels.weightedSum(
                                    scores, count: count, values: v.baseAddress! + start * hidden + column,
                                    stride: hidden, width: headDimension,
                                    into: context.baseAddress! + (start + i) * hidden + column)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sequence's vector by `pooling`.
    private func poolSequence(_ x: [Float], from start: Int, count: Int) -> [Float] {
        guard count > 0 else { return [Float](repeating: 0, count: hidden) }
        switch pooling {
        case .cls:
            return Array(x[start * hidden..<(start + 1) * hidden])
        case .last:
            return Array(x[(start + count - 1) * hidden..<(start + count) * hidden])
        case .mean:
            var sum = [Float](repeating: 0, count: hidden)
            for t in start..<(start + count) {
                for i in 0..<hidden { sum[i] += x[t * hidden + i] }
            }
            let scale = 1 / Float(count)
            return sum.map { $0 * scale }
        }
    }
}
