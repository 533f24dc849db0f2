/// Maximal marginal relevance (Carbonell & Goldstein): picks results that are relevant to the
/// query and unlike the ones already picked, so that near-duplicate chunks do not crowd out
/// other sources.
public enum MaximalMarginalRelevance {
    /// Indices of `candidates` in the order MMR picks them, at most `count`.
    ///
    /// - Parameters:
    ///   - relevance: each candidate's similarity to the query (higher is better).
    ///   - vectors: each candidate's unit-length embedding.
    ///   - lambda: 1 ranks by relevance alone, 0 by novelty alone.
    public static func select(relevance: [Float], vectors: [[Float]], lambda: Float, count: Int) -> [Int] {
        precondition(relevance.count == vectors.count, "one vector per candidate")
        var chosen: [Int] = []
        var remaining = Array(relevance.indices)
        // Highest similarity of each remaining candidate to anything chosen so far.
        var redundancy = [Float](repeating: -.infinity, count: relevance.count)
        while chosen.count < count, !remaining.isEmpty {
            var best = 0
            var bestScore = -Float.infinity
            for (position, index) in remaining.enumerated() {
                let penalty = chosen.isEmpty ? 0 : redundancy[index]
                let score = lambda * relevance[index] - (1 - lambda) * penalty
                if score > bestScore {
                    bestScore = score
                    best = position
                }
            }
            let picked = remaining.remove(at: best)
            chosen.append(picked)
            for index in remaining {
                redundancy[index] = max(redundancy[index], dot(vectors[index], vectors[picked]))
            }
        }
        return chosen
    }

    private static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for i in 0..<min(a.count, b.count) { sum += a[i] * b[i] }
        return sum
    }
}
