import Foundation

/// How well a model predicts a text: exp of the mean negative log-likelihood of each token
/// given the ones before it, in one window.
public struct PerplexityResult: Sendable {
    public var tokenCount: Int
    public var perplexity: Double
    /// Logits at every position (`tokenCount × vocabulary`), when asked for.
    public var logits: [Float]?
}

extension LlamaModel {
    /// Perplexity of `tokens` (BOS included by the caller): positions 1..<n are scored.
    ///
    /// ```swift
    /// let tokens = model.tokenizer.encode(text, addSpecialTokens: true)
    /// print(try model.perplexity(of: tokens).perplexity)
    /// ```
    public func perplexity(
        of tokens: [Int32], keepLogits: Bool = false, cachePrecision: LlamaSession.CachePrecision = .f32,
        pool: ComputePool = .shared
    ) throws -> PerplexityResult {
        guard tokens.count >= 2 else {
            throw LlamaEngineError(.invalidArgument, "perplexity needs at least 2 tokens, got \(tokens.count)")
        }
        let session = makeSession(contextLength: tokens.count, pool: pool)
        session.cachePrecision = cachePrecision
        let logits = try session.evaluate(tokens, allLogits: true)
        let vocabulary = logits.count / tokens.count
        var total = 0.0
        for i in 1..<tokens.count {
            let row = logits[((i - 1) * vocabulary)..<(i * vocabulary)]
            let m = Double(row.max() ?? 0)
            let sum = row.reduce(0.0) { $0 + exp(Double($1) - m) }
            total += m + log(sum) - Double(row[row.startIndex + Int(tokens[i])])
        }
        return PerplexityResult(
            tokenCount: tokens.count, perplexity: exp(total / Double(tokens.count - 1)), logits: keepLogits ? logits : nil)
    }
}
