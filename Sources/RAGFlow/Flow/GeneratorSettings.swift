/// The `generator` stage: who writes the answer.
///
/// ```json
/// {"stage": "generator", "kind": "extractive", "max_sentences": 4}
/// {"stage": "generator", "kind": "llama", "model": "models/tinyllama.Q4_0.gguf", "temperature": 0.2, "stop": ["</s>"]}
/// ```
public enum GeneratorSettings: Sendable, Hashable {
    /// Quotes the sentences of the retrieved chunks that best answer the question.
    case extractive(ExtractiveGeneratorSettings)
    /// A GGUF LLaMA-family model run by LlamaEngine.
    case llama(LlamaGeneratorSettings)

    public var kind: String {
        switch self {
        case .extractive: "extractive"
        case .llama: "llama"
        }
    }
}

public struct ExtractiveGeneratorSettings: StageSettings, Hashable {
    /// Most sentences quoted in an answer.
    public var maxSentences: Int

    public init(maxSentences: Int = 4) { self.maxSentences = maxSentences }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxSentences = "max_sentences"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxSentences = try container.decodeIfPresent(Int.self, forKey: .maxSentences) ?? ExtractiveGeneratorSettings().maxSentences
    }

    public func validate(_ check: inout SettingsCheck) {
        check.range("max_sentences", maxSentences, 1...100)
    }
}

public struct LlamaGeneratorSettings: StageSettings, Hashable {
    /// Path of the GGUF file (required); a relative path resolves against the current directory.
    public var model: String
    /// Most tokens generated for an answer.
    public var maxTokens: Int
    /// 0 decodes greedily.
    public var temperature: Double
    /// Keep the k most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the most likely tokens whose probabilities add up to p; 1 keeps all.
    public var topP: Double
    /// Drop tokens less likely than min_p times the most likely one; 0 keeps all.
    public var minP: Double
    /// Seed of the sampler; `nil` draws one per run.
    public var seed: UInt64?
    /// Generation stops before any of these strings.
    public var stop: [String]
    /// Context window in tokens; `nil` uses the model's own.
    public var contextLength: Int?
    /// Worker threads; 0 uses every core.
    public var threads: Int

    public init(
        model: String, maxTokens: Int = 512, temperature: Double = 0.2, topK: Int = 40, topP: Double = 0.95,
        minP: Double = 0.05, seed: UInt64? = nil, stop: [String] = [], contextLength: Int? = nil, threads: Int = 0
    ) {
        self.model = model
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.seed = seed
        self.stop = stop
        self.contextLength = contextLength
        self.threads = threads
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model
        case maxTokens = "max_tokens"
        case temperature
        case topK = "top_k"
        case topP = "top_p"
        case minP = "min_p"
        case seed, stop
        case contextLength = "context_length"
        case threads
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = LlamaGeneratorSettings(model: "")
        model = try container.decode(String.self, forKey: .model)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens) ?? defaults.maxTokens
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature) ?? defaults.temperature
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? defaults.topK
        topP = try container.decodeIfPresent(Double.self, forKey: .topP) ?? defaults.topP
        minP = try container.decodeIfPresent(Double.self, forKey: .minP) ?? defaults.minP
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
        stop = try container.decodeIfPresent([String].self, forKey: .stop) ?? defaults.stop
        contextLength = try container.decodeIfPresent(Int.self, forKey: .contextLength)
        threads = try container.decodeIfPresent(Int.self, forKey: .threads) ?? defaults.threads
    }

    public func validate(_ check: inout SettingsCheck) {
        check.expect(!model.isEmpty, "model", "a path to a GGUF file", found: "\"\"")
        check.range("max_tokens", maxTokens, 1...1_000_000)
        check.range("temperature", temperature, 0...5)
        check.range("top_k", topK, 0...1_000_000)
        check.expect(topP > 0 && topP <= 1, "top_p", "a value above 0 and at most 1", found: "\(topP)")
        check.range("min_p", minP, 0...1)
        if let contextLength { check.range("context_length", contextLength, 16...1_048_576) }
        check.range("threads", threads, 0...1024)
        check.expect(!stop.contains(""), "stop", "non-empty stop strings", found: "\"\"")
    }
}
