import Foundation

/// Picks tokens from logits with llama.cpp's chain: logit bias, penalties, top-k, top-p, min-p,
/// temperature, then a draw from the remaining distribution (or the argmax when greedy).
public struct Sampler: Sendable {
    public let parameters: SamplingParameters
    private var generator: SeededGenerator

    public init(_ parameters: SamplingParameters) {
        self.parameters = parameters
        generator = SeededGenerator(seed: parameters.seed)
    }

    /// The next token for `logits` (one per vocabulary entry), given the tokens so far.
    public mutating func sample(_ logits: [Float], history: [Int32]) -> Int32 {
        var logits = logits
        applyBias(&logits)
        applyPenalties(&logits, history: history)
        if parameters.temperature <= 0 { return Int32(Self.argmax(logits)) }
        var candidates = Self.candidates(logits, topK: parameters.topK)
        candidates = Self.topP(candidates, parameters.topP)
        candidates = Self.minP(candidates, parameters.minP)
        let probabilities = Self.softmax(candidates.map { $0.logit / parameters.temperature })
        var draw = generator.unit()
        for (candidate, p) in zip(candidates, probabilities) {
            draw -= p
            if draw < 0 { return candidate.token }
        }
        return candidates.last?.token ?? 0
    }

    /// Adds each token's bias to its logit, first in the chain as in llama.cpp.
    func applyBias(_ logits: inout [Float]) {
        for (token, bias) in parameters.logitBias where token >= 0 && Int(token) < logits.count {
            logits[Int(token)] += bias
        }
    }

    /// Repetition, frequency and presence penalties over the last `penaltyLastN` tokens.
    func applyPenalties(_ logits: inout [Float], history: [Int32]) {
        let p = parameters
        guard p.repetitionPenalty != 1 || p.frequencyPenalty != 0 || p.presencePenalty != 0, p.penaltyLastN != 0 else { return }
        var counts: [Int32: Int] = [:]
        for token in history.suffix(p.penaltyLastN < 0 ? history.count : p.penaltyLastN) { counts[token, default: 0] += 1 }
        for (token, count) in counts where token >= 0 && Int(token) < logits.count {
            var l = logits[Int(token)]
            l = l > 0 ? l / p.repetitionPenalty : l * p.repetitionPenalty
            l -= Float(count) * p.frequencyPenalty + p.presencePenalty
            logits[Int(token)] = l
        }
    }

    struct Candidate: Equatable {
        var token: Int32
        var logit: Float
    }

    static func argmax(_ logits: [Float]) -> Int {
        var best = 0
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return best
    }

    /// The `k` highest logits (all when `k` ≤ 0), highest first; ties keep the lower id first.
    static func candidates(_ logits: [Float], topK k: Int) -> [Candidate] {
        let all = logits.enumerated().map { Candidate(token: Int32($0.offset), logit: $0.element) }
        let order: (Candidate, Candidate) -> Bool = { $0.logit > $1.logit || ($0.logit == $1.logit && $0.token < $1.token) }
        guard k > 0, k < all.count else { return all.sorted(by: order) }
        // Partial selection: a heap would be faster, but the vocabulary pass dominates anyway.
        var threshold = all.map(\.logit)
        threshold.sort(by: >)
        let cut = threshold[k - 1]
        var kept = all.filter { $0.logit > cut }
        kept += all.filter { $0.logit == cut }.prefix(k - kept.count)
        return kept.sorted(by: order)
    }

    /// The shortest head of `candidates` (sorted) whose probability reaches `p`.
    static func topP(_ candidates: [Candidate], _ p: Float) -> [Candidate] {
        guard p < 1, !candidates.isEmpty else { return candidates }
        let probabilities = softmax(candidates.map(\.logit))
        var total = 0.0
        for (i, q) in probabilities.enumerated() {
            total += q
            if total >= Double(p) { return Array(candidates.prefix(i + 1)) }
        }
        return candidates
    }

    /// Candidates at least `p` times as likely as the most likely one.
    static func minP(_ candidates: [Candidate], _ p: Float) -> [Candidate] {
        guard p > 0, let top = candidates.first else { return candidates }
        let floor = top.logit + log(p)
        return candidates.filter { $0.logit >= floor }
    }

    static func softmax(_ logits: [Float]) -> [Double] {
        guard let m = logits.max() else { return [] }
        let e = logits.map { exp(Double($0 - m)) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}
