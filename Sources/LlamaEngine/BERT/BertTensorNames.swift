/// BERT tensor names as llama.cpp names them (`llama-arch.cpp`, gguf-py `tensor_mapping.py`),
/// and the Hugging Face names they come from.
enum BertTensorNames {
    static let tokenEmbeddings = "token_embd.weight"
    static let tokenTypeEmbeddings = "token_types.weight"
    static let positionEmbeddings = "position_embd.weight"
    static let embeddingNorm = "token_embd_norm"

    static func block(_ layer: Int, _ name: String) -> String { "blk.\(layer).\(name)" }

    /// Hugging Face module → GGUF tensor base name (without `.weight`/`.bias`).
    private static let embeddingModules: [String: String] = [
        "embeddings.word_embeddings": "token_embd",
        "embeddings.token_type_embeddings": "token_types",
        "embeddings.position_embeddings": "position_embd",
        "embeddings.LayerNorm": "token_embd_norm",
    ]

    /// Hugging Face module inside `encoder.layer.N.` → GGUF name inside `blk.N.`.
    private static let layerModules: [String: String] = [
        "attention.self.query": "attn_q",
        "attention.self.key": "attn_k",
        "attention.self.value": "attn_v",
        "attention.output.dense": "attn_output",
        "attention.output.LayerNorm": "attn_output_norm",
        "intermediate.dense": "ffn_up",
        "output.dense": "ffn_down",
        "output.LayerNorm": "layer_output_norm",
    ]

    /// The GGUF name of a Hugging Face BERT tensor, nil for tensors an encoder does not use
    /// (`position_ids`, the pooler, the masked-LM and next-sentence heads).
    static func ggufName(forHuggingFace name: String) -> String? {
        var name = name
        if name.hasPrefix("bert.") { name.removeFirst(5) }
        if name.hasSuffix(".gamma") { name = String(name.dropLast(6)) + ".weight" }
        if name.hasSuffix(".beta") { name = String(name.dropLast(5)) + ".bias" }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let module = String(name[..<dot])
        let suffix = String(name[dot...])
        guard suffix == ".weight" || suffix == ".bias" else { return nil }
        if let base = embeddingModules[module] { return base + suffix }
        let prefix = "encoder.layer."
        guard module.hasPrefix(prefix) else { return nil }
        let rest = module.dropFirst(prefix.count)
        guard let layerDot = rest.firstIndex(of: "."), let layer = Int(rest[..<layerDot]),
            let base = layerModules[String(rest[rest.index(after: layerDot)...])]
        else { return nil }
        return block(layer, base) + suffix
    }
}
