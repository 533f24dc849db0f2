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
        public var maximumCharacters = 800
        /// A sentence scoring under this fraction of the best one is left out.
        public var relativeCutoff = 0.4
        /// Word-set Jaccard similarity at which a sentence repeats one already chosen.
        public var duplicateSimilarity = 0.6
        /// How fast a source's weight falls with its rank: `1 / (1 + rankDecay * (n - 1))`.
        public var rankDecay = 0.15
        /// How fast a sentence's weight falls with its position in its chunk.
        public var positionDecay = 0.03
        /// How much less each sentence already taken from a document makes the next one from
        /// it count: `1 / (1 + documentNovelty * taken)`. 0 ranks by score alone.
        public var documentNovelty = 0.5

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
        let perSource = sources.map { AnswerUnits.units(in: $0.text, headings: $0.headingPath) }
        let units = perSource.flatMap { $0 }
        let index = SourceSentences(texts: sources.map(\.text), ranges: perSource.map { $0.map(\.range) })
        let candidates = index.entries.indices.filter { isCandidate($0, unit: units[$0], index: index) }
        let scores = try score(candidates, units: units, question: question, index: index)
        let chosen = select(candidates.filter { scores[$0] != nil }, scores: scores, index: index, documents: sources.map(\.source))
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
            parts.append(Self.cite(Self.wording(of: units[entryIndex], in: source.text), n: entry.source + 1))
            citations.append(Citation(
                n: entry.source + 1, source: source.source, page: source.page, chunkID: source.chunkID,
                quote: String(quote), sentence: position, problem: nil))
        }
        return Answer(
            text: parts.joined(separator: " "), generator: Self.name, citations: citations,
            unsupportedSentences: [], sources: sources)
    }

    /// `sentence` on one line with `[n]` before its final stop: "Text [2]."
    /// Leading section or list numbers ("5.1.", "(b)", "3)") and a trailing list joint
    /// ("; and") are left out of the answer's wording; the quote keeps them.
    static func cite(_ sentence: Substring, n: Int) -> String {
        var words = sentence.split(whereSeparator: \.isWhitespace)
        if words.count > 1, isEnumerator(words[0]) { words.removeFirst() }
        var body = words.joined(separator: " ")
        var stop = "."
        if let last = body.last, last == "." || last == "!" || last == "?" {
            stop = String(last)
            body.removeLast()
        }
        for joint in ["; and", "; or", ";", ","] where body.hasSuffix(joint) {
            body.removeLast(joint.count)
            break
        }
        return "\(body) [\(n)]\(stop)"
    }

    /// How the answer words a unit: a table row under a header names each cell by its column
    /// ("Month: August; Count: 3"); anything else is the unit's own text.
    static func wording(of unit: AnswerUnit, in text: String) -> Substring {
        guard unit.kind == .tableRow else { return text[unit.range] }
        let cells = tableCells(text[unit.range])
        guard let header = unit.header.map({ tableCells(text[$0]) }), header.count == cells.count,
              header.allSatisfy({ !$0.isEmpty }) else {
            return Substring(cells.joined(separator: "; "))
        }
        return Substring(zip(header, cells).filter { !$0.1.isEmpty }.map { "\($0): \($1)" }.joined(separator: "; "))
    }

    /// The trimmed cells of a table row, without the outer bars of a Markdown row.
    static func tableCells(_ row: Substring) -> [Substring] {
        var row = row
        if row.hasPrefix("|") { row = row.dropFirst() }
        if row.hasSuffix("|") { row = row.dropLast() }
        return row.split(separator: "|", omittingEmptySubsequences: false).map { cell in
            let trimmed = cell.drop(while: \.isWhitespace)
            return trimmed[..<(trimmed.lastIndex(where: { !$0.isWhitespace }).map(trimmed.index(after:)) ?? trimmed.startIndex)]
        }
    }

    /// "5.1.", "3.", "(b)", "b)", "(iv)", and bullets: numbering, not words.
    static func isEnumerator(_ word: Substring) -> Bool {
        if word == "-" || word == "*" || word == "+" || word == "\u{2022}" { return true }
        var core = word
        if core.hasPrefix("(") { core = core.dropFirst() }
        guard let last = core.last, last == "." || last == ")" else { return false }
        core = core.dropLast()
        if core.allSatisfy({ $0.isNumber || $0 == "." }) { return core.contains(where: \.isNumber) }
        return core.count <= 4 && core.allSatisfy { $0.isLowercase && $0.isLetter } && word.contains("(") || (core.count == 1 && core.first!.isLowercase && last == ")")
    }

    /// BM25's usual constants.
    private static let k1 = 1.2
    private static let b = 0.75

    /// True when `text` ends with a stop, possibly inside closing quotes or brackets.
    static func endsLikeSentence(_ text: Substring) -> Bool {
        let trimmed = text.reversed().drop { $0.isWhitespace || "\"')]\u{201D}\u{2019}".contains($0) }
        return trimmed.first.map { ".!?".contains($0) } ?? false
    }

    /// A short line of mostly capitalised words: a section title, not an answer.
    static func looksLikeHeading(_ words: [Substring]) -> Bool {
        let long = words.filter { $0.count >= 4 && $0.first!.isLetter }
        guard words.count <= 10, !long.isEmpty else { return false }
        return Double(long.filter { $0.first!.isUppercase }.count) >= 0.75 * Double(long.count)
    }

    private func isCandidate(_ entryIndex: Int, unit: AnswerUnit, index: SourceSentences) -> Bool {
        let entry = index.entries[entryIndex]
        let text = index.text(of: entryIndex)
        guard unit.kind != .heading, unit.kind != .code, text.count <= options.maximumCharacters, !entry.terms.isEmpty,
              !text.hasPrefix("```") else { return false }
        // A table row is short by nature: its header's words count towards it.
        let headerWords = unit.header.map { TextTerms.words(index.texts[entry.source][$0]).count } ?? 0
        guard entry.words.count + headerWords >= options.minimumWords else { return false }
        let last = text.last(where: { !$0.isWhitespace })
        guard last != ":", last != "?" else { return false }
        guard unit.kind == .tableRow || !Self.looksLikeHeading(text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })) else {
            return false
        }
        // Text that would read as a citation or open a code span inside the answer would make
        // the answer cite what it does not.
        let backticks = text.count(where: { $0 == "`" })
        return backticks % 2 == 0 && CitationMarker.find(in: String(text)).isEmpty
    }

    private func score(_ candidates: [Int], units: [AnswerUnit], question: String, index: SourceSentences) throws -> [Int: Double] {
        let questionTerms = Set(TextTerms.terms(question))
        var similarities: [Float]?
        if let embedding, !candidates.isEmpty {
            // A table row is embedded as the answer words it, each cell named by its column:
            // "August | 3 | Formic acid" alone says nothing about mites.
            let texts = candidates.map { entryIndex in
                units[entryIndex].kind == .tableRow
                    ? String(Self.wording(of: units[entryIndex], in: index.texts[index.entries[entryIndex].source]))
                    : String(index.text(of: entryIndex))
            }
            let vectors = try embedChecked([question] + texts, with: embedding)
            similarities = vectors.dropFirst().map { cosineSimilarity(vectors[0], $0) }
        }
        // How much of the question each whole chunk covers: a sentence inside a passage about
        // the question is likelier to answer it than a lone match elsewhere.
        let passageRecall = index.bySource.map { entries in
            index.coverage(of: questionTerms, by: entries.reduce(into: Set<String>()) { $0.formUnion(index.entries[$1].terms) })
        }
        var scores: [Int: Double] = [:]
        for (position, entryIndex) in candidates.enumerated() {
            let entry = index.entries[entryIndex]
            let unit = units[entryIndex]
            // A table row means what its header says of it: "3" is a mite count only there.
            var terms = entry.terms
            var wordCount = entry.words.count
            if let header = unit.header {
                let headerText = index.texts[entry.source][header]
                terms.formUnion(TextTerms.terms(headerText))
                wordCount += TextTerms.words(headerText).count
            }
            // BM25's saturation and length normalisation on the question's share: a long
            // sentence that mentions everything must not beat a short one that answers.
            let length = Double(wordCount) / max(index.averageLength, 1)
            let lengthFactor = (Self.k1 + 1) / (1 + Self.k1 * (1 - Self.b + Self.b * length))
            let recall = index.coverage(of: questionTerms, by: terms) * lengthFactor
            let focus = index.coverage(of: terms, by: questionTerms)
            var relevance = (0.8 * recall + 0.2 * focus) * (0.6 + 0.4 * passageRecall[entry.source])
            // Running text that stops mid-way is a fragment; rows and list items need no stop.
            if unit.kind == .sentence, !Self.endsLikeSentence(index.text(of: entryIndex)) { relevance *= 0.5 }
            if let similarities { relevance = 0.5 * relevance + 0.5 * Double(max(similarities[position], 0)) }
            let rankWeight = 1 / (1 + options.rankDecay * Double(entry.source))
            let positionWeight = 1 / (1 + options.positionDecay * Double(entry.ordinal))
            scores[entryIndex] = relevance * rankWeight * positionWeight
        }
        return Self.creditingTopCopies(scores, index: index)
    }

    /// Overlapping chunks hold the same sentence twice: the copy in the better-ranked chunk
    /// takes the best score of all copies and the others drop out, so that an answer cites
    /// the top-ranked chunk rather than a copy that sits earlier in a lower-ranked one.
    static func creditingTopCopies(_ scores: [Int: Double], index: SourceSentences) -> [Int: Double] {
        let copies = Dictionary(grouping: scores.keys) { index.entries[$0].words }
        var credited = scores
        for group in copies.values where group.count > 1 {
            let top = group.min { (index.entries[$0].source, $0) < (index.entries[$1].source, $1) }!
            credited[top] = group.map { scores[$0]! }.max()!
            for other in group where other != top { credited[other] = nil }
        }
        return credited
    }

    private func select(_ candidates: [Int], scores: [Int: Double], index: SourceSentences, documents: [String]) -> [Int] {
        var ranked = candidates.sorted { (scores[$0]!, -$0) > (scores[$1]!, -$1) }
        guard let best = ranked.first else { return [] }
        // Nothing in common with the question: the retriever still judged the top source the
        // most relevant, so its first real sentence is the best guess.
        guard scores[best]! > 0 else { return [candidates[0]] }
        ranked = ranked.filter { scores[$0]! >= options.relativeCutoff * scores[best]! }
        var chosen: [Int] = []
        var chosenWords: [Set<String>] = []
        var perDocument: [String: Int] = [:]
        while chosen.count < options.maximumSentences, !ranked.isEmpty {
            // Each sentence already taken from a document makes the next one from it count
            // less: an answer that draws on several of the retrieved documents.
            let novelty = { (entry: Int) in
                1 / (1 + options.documentNovelty * Double(perDocument[documents[index.entries[entry].source], default: 0]))
            }
            var pick = 0
            for position in ranked.indices.dropFirst()
            where scores[ranked[position]]! * novelty(ranked[position]) > scores[ranked[pick]]! * novelty(ranked[pick]) {
                pick = position
            }
            let entryIndex = ranked.remove(at: pick)
            let words = Set(index.entries[entryIndex].words)
            let repeats = chosenWords.contains { other in
                Double(words.intersection(other).count) / Double(words.union(other).count) >= options.duplicateSimilarity
            }
            if !repeats {
                chosen.append(entryIndex)
                chosenWords.append(words)
                perDocument[documents[index.entries[entryIndex].source], default: 0] += 1
            }
        }
        return chosen
    }
}
