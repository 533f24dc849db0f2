/// Turns a user's question into an FTS5 query that cannot be misread as FTS5 syntax.
///
/// Every word becomes a quoted string and the words are joined with `OR`, so quotes, `-`,
/// `*`, `NEAR`, `AND`, column filters and parentheses in the question are just text, and BM25
/// ranks chunks by how many of the words they hold and how rare those words are.
///
/// ```swift
/// FullTextQuery.match(for: #"what does "set -e" do?"#) // "\"what\" OR \"does\" OR \"set\" OR \"e\" OR \"do\""
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
        return terms.isEmpty ? nil : terms.joined(separator: " OR ")
    }
}
