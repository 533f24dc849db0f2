/// The generator that answers without a language model: it picks the sentences of the
/// retrieved chunks that best answer the question and cites each one.
///
/// A sentence scores by the share of the question's terms it holds (stop words removed, light
/// stemming, weighted by rarity among all source sentences) and how focused on them it is,
/// blended with its embedding similarity to the question when an embedding function is given,
/// and scaled down by its source's rank and its position in the chunk. The best few are taken,
/// skipping near-duplicates, each followed by `[n]`. Quotes are verbatim by construction.
///
/// ```swift
/// let answer = try ExtractiveGenerator().answer(question: "How do I stop on errors?", sources: retrieved)
/// print(answer.text)  // "Exit immediately if a pipeline ... returns a non-zero status [1]."
/// ```
public struct ExtractiveGenerator: Sendable {
    /// The name answers carry in ``Answer/generator``.
    public static let name = "extractive"

    public struct Options: Sendable, Hashable {
        /// Most sentences in an answer.
        public var maximumSentences = 3
        /// Sentences shorter than this (in words) are headings or fragments, not answers.
        public var minimumWords = 4
        /// Sentences longer than this (in characters) are tables or run-on text, not answers.
        public var maximumCharacters = 500
        /// A sentence scoring under this fraction of the best one is left out.
        public var relativeCutoff = 0.4
        /// Word-set Jaccard similarity at which a sentence repeats one already chosen.
        public var duplicateSimilarity = 0.6
        /// How fast a source's weight falls with its rank: `1 / (1 + rankDecay * (n - 1))`.
        public var rankDecay = 0.15
        /// How fast a sentence's weight falls with its position in its chunk.
        public var positionDecay = 0.03

        public init() {}
    }

    public var options: Options
    /// Compares meanings when given; nil scores words only.
    public var embedding: TextEmbedding?

    public init(options: Options = Options(), embedding: TextEmbedding? = nil) {
        self.options = options
        self.embedding = embedding
    }

    /// Answers `question` from `sources` (best first); `[n]` cites `sources[n - 1]`.
    ///
    /// Throws only what the embedding function throws.
    public func answer(question: String, sources: [RetrievedChunk]) throws -> Answer {
        let index = SourceSentences(texts: sources.map(\.text))
        let candidates = index.entries.indices.filter { isCandidate($0, index: index) }
        let scores = try score(candidates, question: question, index: index)
        let chosen = select(candidates, scores: scores, index: index)
        guard !chosen.isEmpty else {
            return Answer(
                text: "The retrieved sources hold no sentence that answers this question.",
                generator: Self.name, citations: [], unsupportedSentences: [], sources: sources)
        }
        var parts: [String] = []
        var citations: [Citation] = []
        for (position, entryIndex) in chosen.enumerated() {
            let entry = index.entries[entryIndex]
            let source = sources[entry.source]
            let quote = index.text(of: entryIndex)
            parts.append(Self.cite(quote, n: entry.source + 1))
            citations.append(Citation(
                n: entry.source + 1, source: source.source, page: source.page, chunkID: source.chunkID,
                quote: String(quote), sentence: position, problem: nil))
        }
        return Answer(
            text: parts.joined(separator: " "), generator: Self.name, citations: citations,
            unsupportedSentences: [], sources: sources)
    }

    /// `sentence` on one line with `[n]` before its final stop: "Text [2]."
    static func cite(_ sentence: Substring, n: Int) -> String {
        var body = sentence.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var stop = "."
        if let last = body.last, last == "." || last == "!" || last == "?" {
            stop = String(last)
            body.removeLast()
        }
        return "\(body) [\(n)]\(stop)"
    }

    private func isCandidate(_ entryIndex: Int, index: SourceSentences) -> Bool {
        let entry = index.entries[entryIndex]
        let text = index.text(of: entryIndex)
        guard entry.words.count >= options.minimumWords, text.count <= options.maximumCharacters,
              !entry.terms.isEmpty, !text.hasPrefix("```") else { return false }
        let last = text.last(where: { !$0.isWhitespace })
        guard last != ":", last != "?" else { return false }
        // Text that would read as a citation or open a code span inside the answer would make
        // the answer cite what it does not.
        let backticks = text.count(where: { $0 == "`" })
        return backticks % 2 == 0 && CitationMarker.find(in: String(text)).isEmpty
    }

    private func score(_ candidates: [Int], question: String, index: SourceSentences) throws -> [Int: Double] {
        let questionTerms = Set(TextTerms.terms(question))
        var similarities: [Float]?
        if let embedding, !candidates.isEmpty {
            let vectors = try embedChecked([question] + candidates.map { String(index.text(of: $0)) }, with: embedding)
            similarities = vectors.dropFirst().map { cosineSimilarity(vectors[0], $0) }
        }
        var scores: [Int: Double] = [:]
        for (position, entryIndex) in candidates.enumerated() {
            let entry = index.entries[entryIndex]
            let recall = index.coverage(of: questionTerms, by: entry.terms)
            let focus = index.coverage(of: entry.terms, by: questionTerms)
            var relevance = 0.8 * recall + 0.2 * focus
            if let similarities { relevance = 0.5 * relevance + 0.5 * Double(max(similarities[position], 0)) }
            let rankWeight = 1 / (1 + options.rankDecay * Double(entry.source))
            let positionWeight = 1 / (1 + options.positionDecay * Double(entry.ordinal))
            scores[entryIndex] = relevance * rankWeight * positionWeight
        }
        return scores
    }

    private func select(_ candidates: [Int], scores: [Int: Double], index: SourceSentences) -> [Int] {
        let ranked = candidates.sorted { (scores[$0]!, -$0) > (scores[$1]!, -$1) }
        guard let best = ranked.first else { return [] }
        // Nothing in common with the question: the retriever still judged the top source the
        // most relevant, so its first real sentence is the best guess.
        guard scores[best]! > 0 else { return [candidates[0]] }
        var chosen: [Int] = []
        var chosenWords: [Set<String>] = []
        for entryIndex in ranked where chosen.count < options.maximumSentences {
            guard scores[entryIndex]! >= options.relativeCutoff * scores[best]! else { break }
            let words = Set(index.entries[entryIndex].words)
            let repeats = chosenWords.contains { other in
                Double(words.intersection(other).count) / Double(words.union(other).count) >= options.duplicateSimilarity
            }
            if !repeats {
                chosen.append(entryIndex)
                chosenWords.append(words)
            }
        }
        return chosen
    }
}
