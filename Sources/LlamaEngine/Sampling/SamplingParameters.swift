/// How the next token is chosen from the model's logits. The defaults are llama.cpp's.
///
/// ```swift
/// var sampler = Sampler(SamplingParameters(temperature: 0.7, topP: 0.9, seed: 42))
/// let token = sampler.sample(logits, history: tokens)
/// ```
public struct SamplingParameters: Sendable, Equatable {
    /// Divides the logits; 0 or less picks the most likely token (greedy).
    public var temperature: Float
    /// Keep only the `topK` most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the most likely tokens whose probabilities add up to `topP`; 1 keeps all.
    public var topP: Float
    /// Drop tokens less likely than `minP` times the most likely one; 0 keeps all.
    public var minP: Float
    /// Divides positive (multiplies negative) logits of tokens seen in the last `penaltyLastN`; 1 is off.
    public var repetitionPenalty: Float
    /// Subtracted from a seen token's logit once per occurrence.
    public var frequencyPenalty: Float
    /// Subtracted from a seen token's logit once.
    public var presencePenalty: Float
    /// How many recent tokens the penalties look at.
    public var penaltyLastN: Int
    /// Seeds the random generator: the same seed, logits and history give the same tokens.
    public var seed: UInt64
    /// Added to the logits of these tokens before anything else (llama.cpp's `--logit-bias`):
    /// a positive bias makes a token likelier, `-infinity` bans it. Ids outside the
    /// vocabulary are ignored.
    public var logitBias: [Int32: Float]

    public init(
        temperature: Float = 0.8, topK: Int = 40, topP: Float = 0.95, minP: Float = 0.05,
        repetitionPenalty: Float = 1.0, frequencyPenalty: Float = 0, presencePenalty: Float = 0,
        penaltyLastN: Int = 64, seed: UInt64 = 0, logitBias: [Int32: Float] = [:]
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.penaltyLastN = penaltyLastN
        self.seed = seed
        self.logitBias = logitBias
    }

    /// One bias written as llama.cpp's `--logit-bias` takes it: `TOKEN_ID+BIAS` or
    /// `TOKEN_ID-BIAS`, where BIAS is a number or `inf` (`15043+1.5`, `2-inf`).
    /// Nil when `text` is not of that form.
    public static func logitBias(parsing text: String) -> (token: Int32, bias: Float)? {
        guard let sign = text.dropFirst().firstIndex(where: { $0 == "+" || $0 == "-" }),
              let token = Int32(text[..<sign]), token >= 0 else { return nil }
        let magnitude = text[text.index(after: sign)...]
        guard let value = magnitude.lowercased() == "inf" ? Float.infinity : Float(magnitude),
              !value.isNaN, value >= 0 else { return nil }
        return (token, text[sign] == "-" ? -value : value)
    }

    /// Always the most likely token.
    public static let greedy = SamplingParameters(temperature: 0)
}

/// SplitMix64: a small, fast generator whose sequence depends only on its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
