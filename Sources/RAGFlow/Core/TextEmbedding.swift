/// Embeds a batch of texts, one vector per text, all of the same dimension.
///
/// The citation checker and the extractive generator take one to compare meaning as well as
/// words; any embedder can be wrapped in a closure:
/// ```swift
/// let embed: TextEmbedding = { texts in try embedder.embed(texts) }
/// ```
public typealias TextEmbedding = @Sendable ([String]) throws -> [[Float]]

/// Cosine similarity of two vectors of the same length; 0 when either is all zeros.
package func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "vectors of different dimensions")
    var dot: Float = 0
    var normA: Float = 0
    var normB: Float = 0
    for i in a.indices {
        dot += a[i] * b[i]
        normA += a[i] * a[i]
        normB += b[i] * b[i]
    }
    guard normA > 0, normB > 0 else { return 0 }
    return dot / (normA.squareRoot() * normB.squareRoot())
}

/// Calls `embed` and checks that it kept its contract, so that a faulty embedder is an error
/// rather than an out-of-bounds crash.
package func embedChecked(_ texts: [String], with embed: TextEmbedding) throws -> [[Float]] {
    guard !texts.isEmpty else { return [] }
    let vectors = try embed(texts)
    guard vectors.count == texts.count else {
        throw RAGFlowError(.model, "the embedder returned \(vectors.count) vectors for \(texts.count) texts")
    }
    guard let dimension = vectors.first?.count, vectors.allSatisfy({ $0.count == dimension }) else {
        throw RAGFlowError(.model, "the embedder returned vectors of different dimensions")
    }
    return vectors
}
