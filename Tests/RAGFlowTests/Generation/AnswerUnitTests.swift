import Foundation
import RAGFlow
import Testing

/// What must hold of every extractive answer: each `[n]` is a citation, each quote a verbatim
/// substring of its chunk, and the citation checker agrees.
private func expectVerbatimAndChecked(_ answer: Answer, sources: [RetrievedChunk], sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(CitationMarker.find(in: answer.text).flatMap(\.numbers) == answer.citations.map(\.n), sourceLocation: sourceLocation)
    for citation in answer.citations {
        let quote = try #require(citation.quote, sourceLocation: sourceLocation)
        #expect(sources[citation.n - 1].text.contains(quote), "not verbatim: \(quote)", sourceLocation: sourceLocation)
    }
    let report = try CitationChecker().check(answer: answer.text, sources: sources)
    #expect(report.citations.allSatisfy { $0.supported }, "checker disagrees: \(answer.text)", sourceLocation: sourceLocation)
}

private func chunk(_ rank: Int, _ source: String, headings: [String] = [], _ text: String) -> RetrievedChunk {
    RetrievedChunk(rank: rank, chunkID: Int64(rank), source: source, headingPath: headings, score: Double(10 - rank), text: text)
}

@Suite("Extractive answer units")
struct AnswerUnitTests {
    @Test("a table row answers on its own, worded with its header's column names and quoted verbatim")
    func tableRowAnswers() throws {
        let html = chunk(1, "varroa.html", headings: ["Treatment thresholds"], """
            Treatment thresholds

            Month of count | Treat when mites per 100 bees exceed | Approved treatment
            April | 1 | Drone brood removal
            August | 3 | Formic acid strips, after the honey supers are off
            December | any mites at all | Oxalic acid trickle during the broodless period

            The August count decides whether a colony survives the winter.
            """)
        let markdown = chunk(2, "notes.md", """
            | Month | Mite threshold | Treatment |
            |---|:---:|---|
            | June | 2 | Drone brood removal and a second count |
            | August | 3 | Formic acid strips |
            """)
        let sources = [html, markdown]
        let answer = try ExtractiveGenerator().answer(question: "At what mite count should we treat in August, and with what?", sources: sources)
        try expectVerbatimAndChecked(answer, sources: sources)
        #expect(answer.citations.first?.quote == "August | 3 | Formic acid strips, after the honey supers are off")
        #expect(answer.text.hasPrefix(
            "Month of count: August; Treat when mites per 100 bees exceed: 3; Approved treatment: Formic acid strips, after the honey supers are off [1]."))
        #expect(answer.citations.contains { $0.quote == "| August | 3 | Formic acid strips |" })
        #expect(answer.text.contains("Month: August; Mite threshold: 3; Treatment: Formic acid strips [2]."))
        // Neither a header row nor a separator row is ever an answer.
        #expect(!answer.citations.contains { $0.quote?.contains("Month of count") == true || $0.quote?.contains("---") == true })
    }

    @Test("a heading is never the answer, nor glued to the sentence under it")
    func headingsAreNotAnswers() throws {
        let sources = [
            chunk(1, "guide.pdf", headings: ["Seasonal calendar"], """
                Seasonal calendar
                7. Honey Harvest And Extraction Calendar
                The main honey harvest is in the first half of August, before the treatment.
                """),
            chunk(2, "honey.md", """
                # Honey harvest and extraction in August

                Take the supers off when most cells are capped.
                """),
            chunk(3, "ssh.pdf", """
                DESCRIPTION
                ssh connects and logs into the specified destination host.
                """),
        ]
        let answer = try ExtractiveGenerator().answer(question: "When is the honey harvest and extraction in August?", sources: sources)
        try expectVerbatimAndChecked(answer, sources: sources)
        #expect(answer.citations.first?.quote == "The main honey harvest is in the first half of August, before the treatment.")
        for quote in answer.citations.compactMap(\.quote) {
            #expect(!quote.contains("Calendar") && !quote.hasPrefix("#") && !quote.contains("DESCRIPTION"), "\(quote)")
        }
        // Only headings: nothing to say, rather than a heading said as an answer.
        let bare = try ExtractiveGenerator().answer(question: "honey harvest calendar?", sources: [
            chunk(1, "a.md", "# Honey harvest calendar"), chunk(2, "b.pdf", headings: ["Honey Harvest Calendar Notes"], "Honey Harvest Calendar Notes"),
        ])
        #expect(bare.citations.isEmpty)
    }

    @Test("list items answer without a stop, and their bullets and numbers are left out of the wording")
    func listItemsAnswer() throws {
        let sources = [
            chunk(1, "rules.html", """
                Rules for treatments

                -

                honey supers come off before any acid treatment and stay off for two weeks

                - every treatment is written on the colony record card with its batch number
                """),
        ]
        let answer = try ExtractiveGenerator().answer(question: "When do honey supers come off for an acid treatment?", sources: sources)
        try expectVerbatimAndChecked(answer, sources: sources)
        #expect(answer.citations.first?.quote == "honey supers come off before any acid treatment and stay off for two weeks")
        #expect(answer.text.hasPrefix("honey supers come off before any acid treatment and stay off for two weeks [1]."))
        let record = try ExtractiveGenerator().answer(question: "What goes on the colony record card?", sources: sources)
        #expect(record.text.hasPrefix("every treatment is written on the colony record card with its batch number [1]."))
    }

    @Test("interactive sessions and shell prompts are code, not answers")
    func codeLinesAreNotAnswers() throws {
        let sources = [chunk(1, "collections.html", """
            A counter tool is provided to support convenient and rapid tallies.

            >>> cnt = Counter()
            >>> for word in ['red', 'blue', 'red']:
            ...     cnt[word] += 1
            $ python3 count.py counts the words in a list of words
            """)]
        let answer = try ExtractiveGenerator().answer(question: "How do I count words in a list with Counter?", sources: sources)
        try expectVerbatimAndChecked(answer, sources: sources)
        #expect(answer.citations.map(\.quote) == ["A counter tool is provided to support convenient and rapid tallies."])
    }

    @Test("a sentence that two overlapping chunks hold is cited from the better-ranked one")
    func overlapCitesTopRankedChunk() throws {
        let shared = "Formic acid strips are the approved August treatment."
        let sources = [
            chunk(1, "varroa.html", "The club counts mites four times a year and treats when a count passes the threshold. \(shared)"),
            chunk(2, "varroa.html", "\(shared) Oxalic acid is used in December."),
        ]
        let answer = try ExtractiveGenerator().answer(question: "Which treatment is approved in August?", sources: sources)
        try expectVerbatimAndChecked(answer, sources: sources)
        let citation = try #require(answer.citations.first { $0.quote == shared })
        #expect(citation.n == 1)
        #expect(answer.citations.filter { $0.quote == shared }.count == 1)
    }

    @Test("an answer draws on several documents before taking more from one")
    func answersDrawOnSeveralDocuments() throws {
        let sources = [
            chunk(1, "a.html", """
                A process pool runs calls in parallel on worker processes. The pool starts worker processes on demand. \
                Each worker process of the pool runs calls in parallel.
                """),
            chunk(2, "b.html", "Worker threads of an executor pool run submitted calls in parallel."),
        ]
        var options = ExtractiveGenerator.Options()
        options.maximumSentences = 2
        let answer = try ExtractiveGenerator(options: options).answer(question: "run calls in parallel in a pool of workers", sources: sources)
        try expectVerbatimAndChecked(answer, sources: sources)
        #expect(Set(answer.citations.map(\.n)) == [1, 2], "\(answer.text)")
        options.documentNovelty = 0
        let byScore = try ExtractiveGenerator(options: options).answer(question: "run calls in parallel in a pool of workers", sources: sources)
        #expect(byScore.citations.map(\.n) == [1, 1])
    }
}
