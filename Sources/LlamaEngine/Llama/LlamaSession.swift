import Foundation

/// One sequence being processed by a `LlamaModel`: its KV cache and position. Prompts go
/// through in batches (matrix-matrix products), generated tokens one at a time
/// (matrix-vector); both split across the pool's threads. Use from one task at a time.
public final class LlamaSession: @unchecked Sendable {
    // @unchecked: mutable state is only touched by `evaluate`, which callers serialise.
    public let model: LlamaModel
    /// Tokens held in the cache, in order.
    public private(set) var tokens: [Int32] = []
    /// Most tokens the cache holds.
    public let capacity: Int
    let pool: ComputePool
    /// Tokens processed per batch when a prompt is long.
    public var batchSize = 512
    /// The precision keys and values keep in the cache. `.f16` rounds them to half precision
    /// as they are stored, as llama.cpp's default f16 cache does (`--cache-type-k/-v f16`), so
    /// that the two engines' numbers can be compared like for like; memory is not halved.
    public var cachePrecision: CachePrecision = .f32

    /// How keys and values are kept in the cache.
    public enum CachePrecision: String, Sendable, CaseIterable {
        case f32, f16
    }
    private var keys: [[Float]]  // [layer][position * kvWidth]
    private var values: [[Float]]  // [layer][position * kvWidth]

    init(model: LlamaModel, capacity: Int, pool: ComputePool) {
        self.model = model
        self.capacity = capacity
        self.pool = pool
        let width = model.configuration.keyValueWidth
        keys = Array(repeating: [Float](repeating: 0, count: capacity * width), count: model.configuration.blockCount)
        values = keys
    }

    /// Forgets every token (the cache is reused).
    public func reset() { tokens.removeAll() }

    /// Drops cached tokens after the first `count`, to re-evaluate from there.
    public func truncate(to count: Int) { tokens.removeLast(max(0, tokens.count - count)) }

    /// Appends `newTokens` and returns the logits after the last one (`vocab` floats), or
    /// after each of them with `allLogits` (`newTokens.count × vocab` floats).
    public func evaluate(_ newTokens: [Int32], allLogits: Bool = false) throws -> [Float] {
        let c = model.configuration
        guard !newTokens.isEmpty else { throw LlamaEngineError(.invalidArgument, "no tokens to evaluate") }
        guard tokens.count + newTokens.count <= capacity else {
            throw LlamaEngineError(.invalidArgument, "context full: \(tokens.count) + \(newTokens.count) tokens > \(capacity)")
        }
        if let bad = newTokens.first(where: { $0 < 0 || Int($0) >= model.tokenEmbedding.shape[1] }) {
            throw LlamaEngineError(.invalidArgument, "token \(bad) is outside the vocabulary of \(c.vocabularySize)")
        }
        var logits: [Float] = []
        var start = 0
        while start < newTokens.count {
            let chunk = Array(newTokens[start..<min(start + batchSize, newTokens.count)])
            let isLast = start + chunk.count == newTokens.count
            let out = try forward(chunk, logitsFor: allLogits ? .all : isLast ? .last : .none)
            logits += out
            start += chunk.count
        }
        return logits
    }

    enum LogitRows { case none, last, all }

    private func forward(_ batch: [Int32], logitsFor rows: LogitRows) throws -> [Float] {
        let c = model.configuration
        let n = batch.count, dim = c.embeddingLength, start = tokens.count
        let qWidth = c.queryWidth, kvWidth = c.keyValueWidth, ffn = c.feedForwardLength
        var x = [Float](repeating: 0, count: n * dim)
        try x.withUnsafeMutableBufferPointer { xb in
            for (t, token) in batch.enumerated() {
                try model.tokenEmbedding.dequantizeRow(Int(token), into: UnsafeMutableBufferPointer(rebasing: xb[(t * dim)..<((t + 1) * dim)]))
            }
        }
        var h = [Float](repeating: 0, count: n * dim)
        var q = [Float](repeating: 0, count: n * qWidth)
        var k = [Float](repeating: 0, count: n * kvWidth)
        var v = [Float](repeating: 0, count: n * kvWidth)
        var attention = [Float](repeating: 0, count: n * qWidth)
        var projected = [Float](repeating: 0, count: n * dim)
        var gate = [Float](repeating: 0, count: n * ffn)
        var up = [Float](repeating: 0, count: n * ffn)
        let angles = (0..<n).map { model.rope.angles(at: start + $0) }

        for (l, layer) in model.layers.enumerated() {
            LlamaMath.rmsNorm(x, weight: layer.attentionNorm, epsilon: c.rmsEpsilon, rows: n, into: &h)
            multiply(layer.query, h, n, &q)
            multiply(layer.key, h, n, &k)
            multiply(layer.value, h, n, &v)
            q.withUnsafeMutableBufferPointer { qb in
                k.withUnsafeMutableBufferPointer { kb in
                    for t in 0..<n {
                        model.rope.apply(qb.baseAddress! + t * qWidth, heads: c.headCount, headDimension: c.headDimension, angles: angles[t])
                        model.rope.apply(kb.baseAddress! + t * kvWidth, heads: c.headCountKV, headDimension: c.headDimension, angles: angles[t])
                    }
                }
            }
            if cachePrecision == .f16 {
                // llama.cpp multiplies its f16 keys by queries converted to f16 as well.
                for i in q.indices { q[i] = Float(Float16(q[i])) }
                for i in k.indices { k[i] = Float(Float16(k[i])) }
                for i in v.indices { v[i] = Float(Float16(v[i])) }
            }
            keys[l].replaceSubrange((start * kvWidth)..<((start + n) * kvWidth), with: k)
            values[l].replaceSubrange((start * kvWidth)..<((start + n) * kvWidth), with: v)
            if BatchAttention.pays(count: n) {
                BatchAttention.run(
                    queries: q, keys: keys[l], values: values[l], start: start, count: n, configuration: c, pool: pool,
                    into: &attention)
            } else {
                LlamaAttention.run(
                    queries: q, keys: keys[l], values: values[l], start: start, count: n, configuration: c, pool: pool,
                    into: &attention)
            }
            multiply(layer.output, attention, n, &projected)
            for i in x.indices { x[i] += projected[i] }

            LlamaMath.rmsNorm(x, weight: layer.feedForwardNorm, epsilon: c.rmsEpsilon, rows: n, into: &h)
            multiply(layer.gate, h, n, &gate)
            multiply(layer.up, h, n, &up)
            LlamaMath.swiGLU(&gate, up)
            multiply(layer.down, gate, n, &projected)
            for i in x.indices { x[i] += projected[i] }
        }
        tokens += batch

        let first: Int
        switch rows {
        case .none: return []
        case .last: first = n - 1
        case .all: first = 0
        }
        let count = n - first
        let tail = Array(x[(first * dim)...])
        var normed = [Float](repeating: 0, count: count * dim)
        LlamaMath.rmsNorm(tail, weight: model.outputNorm, epsilon: c.rmsEpsilon, rows: count, into: &normed)
        var logits = [Float](repeating: 0, count: count * model.output.rows)
        multiply(model.output, normed, count, &logits)
        return logits
    }

    private func multiply(_ w: WeightMatrix, _ x: [Float], _ count: Int, _ y: inout [Float]) {
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                w.multiply(batch: xb, count: count, into: yb, pool: pool)
            }
        }
    }
}
