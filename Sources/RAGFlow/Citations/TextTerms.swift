/// Words, stop words and terms: the lexical view of text that the citation checker and the
/// extractive generator share.
package enum TextTerms {
    /// Lower-cased words of `text`: runs of letters, digits and `_` (so `set_e` and `x86_64`
    /// stay whole while `built-in` is two words).
    package static func words<S: StringProtocol>(_ text: S) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words
    }

    /// Stems of the words of `text` that carry meaning (stop words dropped), in order.
    package static func terms<S: StringProtocol>(_ text: S) -> [String] {
        words(text).compactMap { isStopWord($0) ? nil : LightStemmer.stem($0) }
    }

    package static func isStopWord(_ word: String) -> Bool { stopWords.contains(word) }

    /// Function words and question words. Negations ("not", "no", "never") are kept out on
    /// purpose: they flip what a sentence claims, so they must count when comparing sentences.
    private static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
        "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me",
        "more", "most", "my", "myself", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
        "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
        "you", "your", "yours", "yourself", "yourselves", "may", "might", "must", "shall", "s", "t",
        "tell", "explain", "please", "way", "ways", "use", "using", "used",
    ]
}
