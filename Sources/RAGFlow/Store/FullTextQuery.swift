/// Turns a user's question into an FTS5 query that cannot be misread as FTS5 syntax.
///
/// Every word becomes a quoted string, so quotes, `-`, `*`, `NEAR`, `AND`, column filters and
/// parentheses in the question are just text. Common English question words ("how", "do",
/// "the") are left out unless nothing else remains: they only pull in chunks that share the
/// question's grammar.
///
/// BM25 in FTS5 scores every row the expression matches, so the cost of a query grows with the
/// rows that hold any of its words: ORing "list files in a tarball" touches most of a large
/// store. ``match(terms:documentCounts:budget:)`` splits the words as Lucene's common-terms
/// query does: the rarest words, up to a budget of rows, must match; the other words only add
/// to the score of those rows.
///
/// ```swift
/// FullTextQuery.terms(for: #"how does "set -e" work?"#) // ["\"set\"", "\"e\"", "\"work\""]
/// FullTextQuery.match(terms: ["\"list\"", "\"tarball\""], documentCounts: [9000, 12], budget: 2000)?.expression
/// // "\"tarball\" OR (\"list\") AND (\"tarball\")"
/// ```
package enum FullTextQuery {
    /// Words beyond this many are dropped: a pasted page should not become a huge query.
    package static let maxTerms = 64

    /// The question's words as quoted FTS5 strings, in order, each once (case-insensitively),
    /// common question words left out unless nothing else remains.
    package static func terms(for question: String) -> [String] {
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
        return content.isEmpty ? terms : content
    }

    /// An FTS5 expression and, for each of its phrases in order, the index of the term it is.
    package struct Match: Equatable, Sendable {
        package var expression: String
        /// `terms` indices, one per phrase of `expression` as FTS5 numbers them (left to right).
        package var phrases: [Int]
    }

    /// The expression for `terms` (quoted, as ``terms(for:)`` returns them) given how many rows
    /// hold each (`documentCounts`).
    ///
    /// The rarest terms are taken, rarest first, while their counts add up to at most `budget`
    /// (the rarest always). When that takes every term, the terms are ORed. Otherwise a row must
    /// hold one of the rare terms, and the common ones add to its score:
    /// `R OR (C) AND (R)`, R the rare terms ORed and C the common ones. bm25() scores every
    /// phrase of the expression, so the rare terms count twice there, which BM25's own
    /// weighting (rare words carry the topic) agrees with.
    package static func match(terms: [String], documentCounts: [Int], budget: Int) -> Match? {
        precondition(terms.count == documentCounts.count, "one count per term")
        guard !terms.isEmpty else { return nil }
        var rare = Set<Int>()
        var rows = 0
        for index in terms.indices.sorted(by: { (documentCounts[$0], $0) < (documentCounts[$1], $1) }) {
            guard rare.isEmpty || rows + documentCounts[index] <= budget else { break }
            rare.insert(index)
            rows += documentCounts[index]
        }
        func joined(_ indices: [Int]) -> String { indices.map { terms[$0] }.joined(separator: " OR ") }
        guard rare.count < terms.count else { return Match(expression: joined(Array(terms.indices)), phrases: Array(terms.indices)) }
        let rareIndices = terms.indices.filter { rare.contains($0) }
        let commonIndices = terms.indices.filter { !rare.contains($0) }
        return Match(
            expression: "\(joined(rareIndices)) OR (\(joined(commonIndices))) AND (\(joined(rareIndices)))",
            phrases: rareIndices + commonIndices + rareIndices)
    }

    /// Words that carry no topic in a question.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for", "from",
        "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "should", "so",
        "that", "the", "their", "there", "these", "this", "to", "was", "we", "what", "when", "where",
        "which", "who", "why", "will", "with", "would", "you", "your",
    ]
}
