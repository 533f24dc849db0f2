/// The `generator` stage: who writes the answer.
///
/// ```json
/// {"stage": "generator", "kind": "extractive", "max_sentences": 4}
/// {"stage": "generator", "kind": "llama", "model": "models/tinyllama.Q4_0.gguf", "temperature": 0.2, "stop": ["</s>"],
///  "logit_bias": {"15043": 1.5, "2": -100}}
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
    /// Divides positive (multiplies negative) logits of the tokens among the last
    /// `repeatLastN`; 1 is off.
    public var repeatPenalty: Double
    /// How many recent tokens the penalties look at; -1 looks at all.
    public var repeatLastN: Int
    /// Subtracted once from the logit of each token among the last `repeatLastN`.
    public var presencePenalty: Double
    /// Subtracted from such a token's logit once per occurrence.
    public var frequencyPenalty: Double
    /// Added to the logits of these token ids before sampling (llama.cpp's `logit_bias`):
    /// positive makes a token likelier, -100 all but bans it. Written in JSON as an object
    /// whose keys are token ids: `{"15043": 1.5}`.
    public var logitBias: [Int: Double]
    /// Keys of `logit_bias` that are not token ids, kept to be reported by validation.
    private var invalidLogitBiasKeys: [String] = []

    public init(
        model: String, maxTokens: Int = 512, temperature: Double = 0.2, topK: Int = 40, topP: Double = 0.95,
        minP: Double = 0.05, seed: UInt64? = nil, stop: [String] = [], contextLength: Int? = nil, threads: Int = 0,
        repeatPenalty: Double = 1, repeatLastN: Int = 64, presencePenalty: Double = 0, frequencyPenalty: Double = 0,
        logitBias: [Int: Double] = [:]
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
        self.repeatPenalty = repeatPenalty
        self.repeatLastN = repeatLastN
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.logitBias = logitBias
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
        case repeatPenalty = "repeat_penalty"
        case repeatLastN = "repeat_last_n"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case logitBias = "logit_bias"
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
        repeatPenalty = try container.decodeIfPresent(Double.self, forKey: .repeatPenalty) ?? defaults.repeatPenalty
        repeatLastN = try container.decodeIfPresent(Int.self, forKey: .repeatLastN) ?? defaults.repeatLastN
        presencePenalty = try container.decodeIfPresent(Double.self, forKey: .presencePenalty) ?? defaults.presencePenalty
        frequencyPenalty = try container.decodeIfPresent(Double.self, forKey: .frequencyPenalty) ?? defaults.frequencyPenalty
        // JSON keys are strings: decode them as such, so that a key that is no token id is
        // reported at its own path by validation rather than failing the whole object.
        logitBias = [:]
        for (key, bias) in try container.decodeIfPresent([String: Double].self, forKey: .logitBias) ?? [:] {
            if let token = Int(key), token >= 0, token <= Int(Int32.max) {
                logitBias[token] = bias
            } else {
                invalidLogitBiasKeys.append(key)
            }
        }
        invalidLogitBiasKeys.sort()
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
        check.range("repeat_penalty", repeatPenalty, 0...10)
        check.range("repeat_last_n", repeatLastN, -1...1_048_576)
        check.range("presence_penalty", presencePenalty, -1000...1000)
        check.range("frequency_penalty", frequencyPenalty, -1000...1000)
        for key in invalidLogitBiasKeys {
            check.report("logit_bias.\(key)", "expected a token id (an integer from 0) as the key", found: "\"\(key)\"")
        }
    }
}
