/// An answer cut into sentences, each with the citations it carries and its words, terms and
/// quoted spans, ready to compare with sources.
struct AnswerSentences {
    struct Item {
        /// The sentence as written, markers included.
        var text: String
        /// The sentence without its citation markers.
        var plain: String
        var words: [String]
        var terms: Set<String>
        /// Source numbers cited, in order, without repeats.
        var cited: [Int]
        /// Words of each quoted span long enough to count as a quotation.
        var quotedSpans: [[String]]
        /// False for what states nothing: a code block, a lead-in ending in ":", a question,
        /// or a sentence of function words only.
        var needsSupport: Bool
    }

    let items: [Item]

    init(_ answer: String, quotedWords: Int = 3) {
        let markers = CitationMarker.find(in: answer)
        var nextMarker = 0
        var items: [Item] = []
        for range in SentenceSplitter.sentences(in: answer) {
            var cited: [Int] = []
            while nextMarker < markers.count, markers[nextMarker].range.lowerBound < range.upperBound {
                if markers[nextMarker].range.lowerBound >= range.lowerBound {
                    for n in markers[nextMarker].numbers where !cited.contains(n) { cited.append(n) }
                }
                nextMarker += 1
            }
            let text = answer[range]
            let plain = CitationMarker.removingMarkers(from: text)
            let terms = Set(TextTerms.terms(plain))
            let lastCharacter = plain.last(where: { !$0.isWhitespace && $0 != "*" })
            let statesSomething = !text.hasPrefix("```") && lastCharacter != ":" && lastCharacter != "?" && !terms.isEmpty
            items.append(Item(
                text: String(text), plain: plain, words: TextTerms.words(plain), terms: terms, cited: cited,
                quotedSpans: Self.quotedSpans(in: plain).filter { $0.count >= quotedWords },
                needsSupport: statesSomething || !cited.isEmpty))
        }
        self.items = items
    }

    /// Words of each span between straight or curly double quotes, or backticks.
    static func quotedSpans(in text: String) -> [[String]] {
        let pairs: [(open: Character, close: Character)] = [("\"", "\""), ("\u{201C}", "\u{201D}"), ("`", "`")]
        var spans: [[String]] = []
        for pair in pairs {
            var rest = text[...]
            while let open = rest.firstIndex(of: pair.open) {
                let afterOpen = rest.index(after: open)
                guard let close = rest[afterOpen...].firstIndex(of: pair.close) else { break }
                spans.append(TextTerms.words(rest[afterOpen..<close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        return spans
    }
}
