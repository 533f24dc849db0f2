/// Turns a user's question into an FTS5 query that cannot be misread as FTS5 syntax.
///
/// Every word becomes a quoted string and the words are joined with `OR`, so quotes, `-`,
/// `*`, `NEAR`, `AND`, column filters and parentheses in the question are just text, and BM25
/// ranks chunks by how many of the words they hold and how rare those words are. Common
/// English question words ("how", "do", "the") are left out unless nothing else remains: in
/// an `OR` query they only pull in chunks that share the question's grammar.
///
/// ```swift
/// FullTextQuery.match(for: #"how does "set -e" work?"#) // "\"set\" OR \"e\" OR \"work\""
/// ```
package enum FullTextQuery {
    /// Words beyond this many are dropped: a pasted page should not become a huge query.
    package static let maxTerms = 64

    /// The FTS5 `MATCH` expression, or `nil` when the question holds no word.
    package static func match(for question: String) -> String? {
        var terms: [String] = []
        var seen: Set<String> = []
        var current = ""
        func flush() {
            if !current.isEmpty, terms.count < maxTerms, seen.insert(current.lowercased()).inserted {
                terms.append("\"" + current.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
            current = ""
        }
        // The same split as FTS5's unicode61 tokenizer: letters, digits and marks make words.
        for scalar in question.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        let content = terms.filter { !stopWords.contains($0.dropFirst().dropLast().lowercased()) }
        let chosen = content.isEmpty ? terms : content
        return chosen.isEmpty ? nil : chosen.joined(separator: " OR ")
    }

    /// Words that carry no topic in a question.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for", "from",
        "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "should", "so",
        "that", "the", "their", "there", "these", "this", "to", "was", "we", "what", "when", "where",
        "which", "who", "why", "will", "with", "would", "you", "your",
    ]
}
