/// An answer to a question with its checked citations.
///
/// Encodes to the fields `ragflow query --json` adds beside `"question"` and `"retrieved"`:
/// `{"answer": text, "generator": "extractive" | model name, "citations": [...],
/// "unsupported_sentences": [text]}`. ``sources`` is not encoded: it is what `"retrieved"`
/// already lists, numbered in order.
public struct Answer: Sendable, Hashable, Encodable {
    /// The answer, with inline `[n]` citations.
    public var text: String
    /// Which generator answered: ``ExtractiveGenerator/name`` or the generator model's name.
    public var generator: String
    public var citations: [Citation]
    public var unsupportedSentences: [String]
    /// The sources the answer could cite: `[n]` refers to `sources[n - 1]`.
    public var sources: [RetrievedChunk]

    public init(
        text: String, generator: String, citations: [Citation], unsupportedSentences: [String],
        sources: [RetrievedChunk]
    ) {
        self.text = text
        self.generator = generator
        self.citations = citations
        self.unsupportedSentences = unsupportedSentences
        self.sources = sources
    }

    /// An answer whose citations `report` checked.
    public init(text: String, generator: String, report: CitationReport, sources: [RetrievedChunk]) {
        self.init(
            text: text, generator: generator, citations: report.citations,
            unsupportedSentences: report.unsupportedSentences, sources: sources)
    }

    enum CodingKeys: String, CodingKey {
        case text = "answer"
        case generator, citations
        case unsupportedSentences = "unsupported_sentences"
    }
}
