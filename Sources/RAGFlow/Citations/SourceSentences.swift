import Foundation

/// The sentences of a set of source texts, with their words and terms, and how rare each term
/// is among all of them (BM25's inverse document frequency, a sentence being the document).
package struct SourceSentences: Sendable {
    package struct Entry: Sendable {
        /// Index of the source text.
        package var source: Int
        /// Position of the sentence within its source.
        package var ordinal: Int
        /// Where the sentence lies in its source text.
        package var range: Range<String.Index>
        /// Lower-cased words, stop words included.
        package var words: [String]
        /// Stemmed content words.
        package var terms: Set<String>
    }

    package let texts: [String]
    package let entries: [Entry]
    /// Indices into ``entries`` of each source's sentences, in order.
    package let bySource: [[Int]]
    /// Mean number of words in a sentence.
    package let averageLength: Double
    private let documentFrequency: [String: Int]

    package init(texts: [String]) {
        self.init(texts: texts, ranges: texts.map(SentenceSplitter.sentences(in:)))
    }

    /// The pieces of `texts` that `ranges` cut out (one list per text, in order), taken as the
    /// sentences: a caller that cuts finer than sentences (table rows, list items) passes them.
    package init(texts: [String], ranges: [[Range<String.Index>]]) {
        var entries: [Entry] = []
        var bySource: [[Int]] = []
        var documentFrequency: [String: Int] = [:]
        for (source, text) in texts.enumerated() {
            var indices: [Int] = []
            for (ordinal, range) in ranges[source].enumerated() {
                let sentence = text[range]
                let terms = Set(TextTerms.terms(sentence))
                for term in terms { documentFrequency[term, default: 0] += 1 }
                indices.append(entries.count)
                entries.append(Entry(
                    source: source, ordinal: ordinal, range: range, words: TextTerms.words(sentence), terms: terms))
            }
            bySource.append(indices)
        }
        self.texts = texts
        self.entries = entries
        self.bySource = bySource
        self.documentFrequency = documentFrequency
        averageLength = entries.isEmpty ? 1 : Double(entries.map(\.words.count).reduce(0, +)) / Double(entries.count)
    }

    /// BM25's idf, always positive; a term no sentence holds weighs most.
    package func idf(_ term: String) -> Double {
        let n = Double(entries.count)
        let df = Double(documentFrequency[term] ?? 0)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// The verbatim text of entry `index`.
    package func text(of index: Int) -> Substring {
        let entry = entries[index]
        return texts[entry.source][entry.range]
    }

    /// How much a term counts when comparing sentences: 1 + idf, so that with few sentences
    /// common terms still count for something.
    package func weight(_ term: String) -> Double { 1 + idf(term) }

    /// Weighted share of `terms` found in `found`: 1 when all are, 0 when none or no terms.
    package func coverage(of terms: Set<String>, by found: Set<String>) -> Double {
        var total = 0.0
        var matched = 0.0
        for term in terms {
            let weight = weight(term)
            total += weight
            if found.contains(term) { matched += weight }
        }
        return total > 0 ? matched / total : 0
    }
}

/// Length of the longest run of consecutive words that `a` and `b` share.
package func longestCommonRun(_ a: [String], _ b: [String]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return 0 }
    var previous = [Int](repeating: 0, count: b.count + 1)
    var current = previous
    var best = 0
    for i in 1...a.count {
        for j in 1...b.count {
            current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0
            best = max(best, current[j])
        }
        swap(&previous, &current)
    }
    return best
}

/// True when `needle` occurs as consecutive words of `haystack`.
package func containsRun(_ haystack: [String], _ needle: [String]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<(start + needle.count)].elementsEqual(needle)
    }
}
