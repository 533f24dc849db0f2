/// Checks each cited sentence of an answer against the sources it cites, and finds the exact
/// quote that supports it.
///
/// A citation `[n]` is supported when the sentence's quoted span (`"..."`, `“...”` or
/// `` `...` ``, at least ``Thresholds/quotedWords`` words) occurs in source n, or when
/// a sentence of source n (or two adjacent ones) is lexically close to it: the share of the
/// sentence's content terms it holds, weighted by rarity (BM25 idf over all source sentences),
/// or the longest run of words they share, relative to the sentence's length. With an
/// embedding function, a lower lexical score suffices when the meanings are close. A sentence
/// citing several sources is also supported when together they cover it, each contributing.
///
/// ```swift
/// let report = try CitationChecker().check(answer: answer, sources: retrieved)
/// for citation in report.citations where !citation.supported { ... }
/// ```
public struct CitationChecker: Sendable {
    /// Scores (0...1) above which a sentence counts as supported.
    public struct Thresholds: Sendable, Hashable {
        /// Lexical score that alone supports a sentence.
        public var lexical: Double = 0.6
        /// Lexical score that supports a sentence when the embedding similarity is high too.
        public var lexicalWithEmbedding: Double = 0.3
        /// Cosine similarity that, with ``lexicalWithEmbedding``, supports a sentence.
        public var embedding: Float = 0.7
        /// Share of a sentence's terms that each of several cited sources must cover for the
        /// sentence to be supported by them together.
        public var sharedContribution: Double = 0.25
        /// Fewest words a quoted span needs to support a sentence on its own.
        public var quotedWords: Int = 3

        public init() {}
    }

    public var thresholds: Thresholds
    /// Compares meanings when given; nil checks words only.
    public var embedding: TextEmbedding?

    public init(thresholds: Thresholds = Thresholds(), embedding: TextEmbedding? = nil) {
        self.thresholds = thresholds
        self.embedding = embedding
    }

    /// Checks `answer`, whose `[n]` refer to `sources[n - 1]`.
    ///
    /// Throws only what the embedding function throws; a citation to no source is reported,
    /// never thrown.
    public func check(answer: String, sources: [RetrievedChunk]) throws -> CitationReport {
        let index = SourceSentences(texts: sources.map(\.text))
        let claims = AnswerSentences(answer, quotedWords: thresholds.quotedWords)
        let embeddings = try embeddingScores(claims: claims, index: index, sources: sources.count)
        var sentences: [CitationReport.Sentence] = []
        var citations: [Citation] = []
        for (position, claim) in claims.items.enumerated() {
            var matches: [Int: WindowMatch] = [:]
            for n in claim.cited where n >= 1 && n <= sources.count {
                matches[n] = bestWindow(for: claim, in: n - 1, index: index, embeddings: embeddings?[position])
            }
            let supportedNumbers = supported(matches, claim: claim, index: index)
            for n in claim.cited {
                guard let match = matches[n] else {
                    citations.append(Citation(
                        n: n, source: nil, page: nil, chunkID: nil, quote: nil, sentence: position,
                        problem: .noSuchSource))
                    continue
                }
                let source = sources[n - 1]
                let isSupported = supportedNumbers.contains(n)
                citations.append(Citation(
                    n: n, source: source.source, page: source.page, chunkID: source.chunkID,
                    quote: isSupported ? String(source.text[match.range]) : nil, sentence: position,
                    problem: isSupported ? nil : .notSupported))
            }
            sentences.append(CitationReport.Sentence(
                text: claim.text, cited: claim.cited, supported: !supportedNumbers.isEmpty,
                checked: claim.needsSupport))
        }
        return CitationReport(sentences: sentences, citations: citations)
    }

    /// The best-matching sentence, or pair of adjacent sentences, of one source.
    struct WindowMatch {
        var range: Range<String.Index>
        var terms: Set<String>
        var lexical: Double
        var embedding: Float?
        var quoteFound: Bool
    }

    private func bestWindow(
        for claim: AnswerSentences.Item, in source: Int, index: SourceSentences, embeddings: [Int: Float]?
    ) -> WindowMatch {
        let entries = index.bySource[source]
        let text = index.texts[source]
        var best: WindowMatch?
        var bestScore = -1.0
        for (offset, first) in entries.enumerated() {
            for width in 1...2 where offset + width <= entries.count {
                let members = entries[offset..<(offset + width)]
                let last = members.last!
                let words = members.flatMap { index.entries[$0].words }
                let terms = members.reduce(into: Set<String>()) { $0.formUnion(index.entries[$1].terms) }
                let coverage = index.coverage(of: claim.terms, by: terms)
                let run = claim.words.isEmpty ? 0 : Double(longestCommonRun(claim.words, words)) / Double(claim.words.count)
                let quoteFound = !claim.quotedSpans.isEmpty && claim.quotedSpans.allSatisfy { containsRun(words, $0) }
                let similarity = embeddings.flatMap { scores in members.compactMap { scores[$0] }.max() }
                // A pair must earn its extra length: the single sentence wins ties.
                let widthPenalty = width == 2 ? 0.05 : 0
                let score = max(coverage, run) + Double(similarity ?? 0) * 0.5 + (quoteFound ? 1 : 0) - widthPenalty
                if score > bestScore {
                    bestScore = score
                    best = WindowMatch(
                        range: index.entries[first].range.lowerBound..<index.entries[last].range.upperBound,
                        terms: terms, lexical: max(coverage, run), embedding: similarity, quoteFound: quoteFound)
                }
            }
        }
        return best ?? WindowMatch(range: text.startIndex..<text.startIndex, terms: [], lexical: 0, embedding: nil, quoteFound: false)
    }

    /// The numbers among `matches` that support the claim, alone or together.
    private func supported(_ matches: [Int: WindowMatch], claim: AnswerSentences.Item, index: SourceSentences) -> Set<Int> {
        var alone = Set<Int>()
        for (n, match) in matches where !match.range.isEmpty {
            if match.quoteFound || match.lexical >= thresholds.lexical {
                alone.insert(n)
            } else if let similarity = match.embedding, similarity >= thresholds.embedding,
                      match.lexical >= thresholds.lexicalWithEmbedding {
                alone.insert(n)
            }
        }
        guard alone.isEmpty, matches.count > 1 else { return alone }
        let union = matches.values.reduce(into: Set<String>()) { $0.formUnion($1.terms) }
        guard index.coverage(of: claim.terms, by: union) >= thresholds.lexical else { return [] }
        return Set(matches.filter { index.coverage(of: claim.terms, by: $0.value.terms) >= thresholds.sharedContribution }.keys)
    }

    /// Cosine similarity of each claim with each sentence of the sources it cites, by claim
    /// position then sentence entry; nil without an embedding function.
    private func embeddingScores(claims: AnswerSentences, index: SourceSentences, sources: Int) throws -> [[Int: Float]]? {
        guard let embedding else { return nil }
        var texts: [String] = []
        var entryOfText: [Int: Int] = [:]
        var claimTexts: [Int: Int] = [:]
        for (position, claim) in claims.items.enumerated() where claim.cited.contains(where: { $0 >= 1 && $0 <= sources }) {
            claimTexts[position] = texts.count
            texts.append(claim.plain)
            for n in claim.cited where n >= 1 && n <= sources {
                for entry in index.bySource[n - 1] where entryOfText[entry] == nil {
                    entryOfText[entry] = texts.count
                    texts.append(String(index.text(of: entry)))
                }
            }
        }
        let vectors = try embedChecked(texts, with: embedding)
        return claims.items.indices.map { position in
            guard let claimText = claimTexts[position] else { return [:] }
            return entryOfText.mapValues { cosineSimilarity(vectors[claimText], vectors[$0]) }
        }
    }
}
