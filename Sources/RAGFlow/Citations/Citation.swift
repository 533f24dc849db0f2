/// One inline citation `[n]` of an answer, checked against the source it names.
///
/// Encodes to the `citations` entries of `ragflow query --json`:
/// `{"n": 1, "source": path, "page": N or null, "chunk_id": ID, "quote": text, "supported": true}`,
/// plus `"sentence"` (index into the answer's sentences) and `"problem"` when not supported.
public struct Citation: Sendable, Hashable, Codable {
    /// Why a citation is not supported.
    public enum Problem: String, Sendable, Hashable, Codable {
        /// `[n]` names no source: n is 0 or beyond the sources in the prompt.
        case noSuchSource = "no_such_source"
        /// The source exists but does not say what the sentence says.
        case notSupported = "not_supported"
    }

    /// The number written in the answer.
    public var n: Int
    /// Path of the cited document; nil when n names no source.
    public var source: String?
    public var page: Int?
    public var chunkID: Int64?
    /// The exact supporting text: a verbatim substring of the chunk's text. Nil when unsupported.
    public var quote: String?
    public var supported: Bool
    /// Index, in ``CitationReport/sentences``, of the sentence that carries the citation.
    public var sentence: Int
    public var problem: Problem?

    public init(
        n: Int, source: String?, page: Int?, chunkID: Int64?, quote: String?, sentence: Int, problem: Problem?
    ) {
        self.n = n
        self.source = source
        self.page = page
        self.chunkID = chunkID
        self.quote = quote
        self.supported = problem == nil
        self.sentence = sentence
        self.problem = problem
    }

    enum CodingKeys: String, CodingKey {
        case n, source, page, quote, supported, sentence, problem
        case chunkID = "chunk_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(n, forKey: .n)
        // Explicit nulls: every entry carries every key of the documented shape.
        try container.encode(source, forKey: .source)
        try container.encode(page, forKey: .page)
        try container.encode(chunkID, forKey: .chunkID)
        try container.encode(quote, forKey: .quote)
        try container.encode(supported, forKey: .supported)
        try container.encode(sentence, forKey: .sentence)
        try container.encodeIfPresent(problem, forKey: .problem)
    }
}

/// The outcome of checking an answer's citations: its sentences, every citation, and the
/// sentences no source supports.
public struct CitationReport: Sendable, Hashable {
    /// A sentence of the answer with what its citations concluded.
    public struct Sentence: Sendable, Hashable {
        /// The sentence as the answer wrote it, citation markers included.
        public var text: String
        /// Source numbers cited in it, in order, without repeats.
        public var cited: [Int]
        /// True when at least one citation supports it; false for a sentence that states
        /// something without a supporting citation.
        public var supported: Bool
        /// Sentences that need no support (a lead-in ending in ":", a question, a code block, a
        /// sentence of only function words) are not checked.
        public var checked: Bool
    }

    public var sentences: [Sentence]
    public var citations: [Citation]

    /// Texts of the checked sentences that no citation supports.
    public var unsupportedSentences: [String] {
        sentences.filter { $0.checked && !$0.supported }.map(\.text)
    }
}
