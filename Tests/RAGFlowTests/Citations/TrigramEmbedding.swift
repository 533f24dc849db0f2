import RAGFlow

/// A small real embedder for tests: hashed character trigrams of the lower-cased words, 256
/// dimensions. Texts sharing word pieces come out close, unrelated texts far apart.
enum TrigramEmbedding {
    static let dimension = 256

    static let embed: TextEmbedding = { texts in texts.map(vector) }

    static func vector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let padded = Array(" \(word) ".unicodeScalars)
            guard padded.count >= 3 else { continue }
            for start in 0...(padded.count - 3) {
                var hash: UInt32 = 2_166_136_261
                for scalar in padded[start..<(start + 3)] { hash = (hash ^ scalar.value) &* 16_777_619 }
                vector[Int(hash % UInt32(dimension))] += 1
            }
        }
        return vector
    }
}
