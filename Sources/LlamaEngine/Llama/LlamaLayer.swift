/// The weights of one transformer block.
struct LlamaLayer: Sendable {
    var attentionNorm: [Float]  // [dim]
    var query: WeightMatrix  // [dim -> heads * headDim]
    var key: WeightMatrix  // [dim -> kvHeads * headDim]
    var value: WeightMatrix  // [dim -> kvHeads * headDim]
    var output: WeightMatrix  // [heads * headDim -> dim]
    var feedForwardNorm: [Float]  // [dim]
    var gate: WeightMatrix  // [dim -> ffn]
    var up: WeightMatrix  // [dim -> ffn]
    var down: WeightMatrix  // [ffn -> dim]

    init(file: GGUFFile, index: Int) throws {
        let p = "blk.\(index)."
        func matrix(_ name: String) throws -> WeightMatrix { try WeightMatrix(file.requiredTensor(p + name)) }
        attentionNorm = try file.requiredTensor(p + "attn_norm.weight").floats()
        query = try matrix("attn_q.weight")
        key = try matrix("attn_k.weight")
        value = try matrix("attn_v.weight")
        output = try matrix("attn_output.weight")
        feedForwardNorm = try file.requiredTensor(p + "ffn_norm.weight").floats()
        gate = try matrix("ffn_gate.weight")
        up = try matrix("ffn_up.weight")
        down = try matrix("ffn_down.weight")
    }

    /// Bytes of weights read for one token.
    var byteCount: Int {
        [query, key, value, output, gate, up, down].reduce(0) { $0 + $1.rows * $1.rowByteCount }
            + 4 * (attentionNorm.count + feedForwardNorm.count)
    }
}
