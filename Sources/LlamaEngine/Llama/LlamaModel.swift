/// A llama-architecture model (Llama 2/3.x, TinyLlama, SmolLM, Mistral) mapped from a GGUF
/// file: weights stay in the file's types and are multiplied by the engine's kernels.
///
/// ```swift
/// let model = try LlamaModel(path: "model.gguf")
/// let session = model.makeSession()
/// let logits = try session.evaluate(model.tokenizer.encode("Hello", addSpecialTokens: true))
/// ```
public final class LlamaModel: Sendable {
    public let file: GGUFFile
    public let configuration: LlamaConfiguration
    public let tokenizer: any LanguageModelTokenizer
    /// `tokenizer.chat_template`, if the file has one.
    public let chatTemplate: String?
    let layers: [LlamaLayer]
    let tokenEmbedding: GGUFTensor  // [vocab][dim]
    let outputNorm: [Float]  // [dim]
    let output: WeightMatrix  // [dim -> vocab], token_embd when tied
    let rope: RotaryEmbedding

    public convenience init(path: String) throws {
        try self.init(file: GGUFFile(path: path))
    }

    public init(file: GGUFFile) throws {
        self.file = file
        let c = try LlamaConfiguration(gguf: file)
        configuration = c
        tokenizer = try TokenVocabulary(gguf: file).makeTokenizer()
        chatTemplate = try file.string(.chatTemplate)
        layers = try (0..<c.blockCount).map { try LlamaLayer(file: file, index: $0) }
        tokenEmbedding = try file.requiredTensor("token_embd.weight")
        guard tokenEmbedding.shape.first == c.embeddingLength else {
            throw LlamaEngineError(.mismatch, "token_embd.weight has shape \(tokenEmbedding.shape), expected rows of \(c.embeddingLength)",
                                   path: file.path, tensor: "token_embd.weight")
        }
        outputNorm = try file.requiredTensor("output_norm.weight").floats()
        output = try WeightMatrix(file.tensor("output.weight") ?? tokenEmbedding)
        let factors = try file.tensor("rope_freqs.weight")?.floats()
        rope = RotaryEmbedding(configuration: c, frequencyFactors: factors)
    }

    /// A new conversation state (KV cache) holding up to `contextLength` tokens.
    public func makeSession(contextLength: Int? = nil, pool: ComputePool = .shared) -> LlamaSession {
        LlamaSession(model: self, capacity: min(contextLength ?? configuration.contextLength, configuration.contextLength), pool: pool)
    }

    /// Bytes of weights read to generate one token (all layers and the output matrix).
    public var weightBytesPerToken: Int {
        layers.reduce(0) { $0 + $1.byteCount } + output.rows * output.rowByteCount + 4 * outputNorm.count
    }
}
