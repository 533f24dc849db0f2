import RAGFlow
import Testing

@Test("the documented example runs and lists each cited source once with its quote")
func answerListingExample() throws {
    // The example of docs/citations.md, as written there.
    let sources = [
        RetrievedChunk(
            rank: 1, chunkID: 7, source: "man/bash.1", page: nil, score: 12.5,
            text: """
                -e      Exit immediately if a pipeline (which may consist of a
                        single simple command), a list, or a compound command
                        exits with a non-zero status.
                """),
        RetrievedChunk(
            rank: 2, chunkID: 9, source: "docs/guide.pdf", page: 3, score: 8.1,
            text: "Scripts that must stop on the first error should start with set -e. The option is off by default."),
    ]
    let answer = try ExtractiveGenerator().answer(question: "How do I make a script exit at once when a command fails?", sources: sources)
    #expect(answer.generator == "extractive")
    #expect(answer.citations.allSatisfy { $0.supported })
    #expect(answer.text == "-e Exit immediately if a pipeline (which may consist of a single simple command), a list, or a compound command exits with a non-zero status [1]. Scripts that must stop on the first error should start with set -e [2].")
    #expect(answer.sourceListing == [
        "[1] man/bash.1: \"-e Exit immediately if a pipeline (which may consist of a single simple command), a list, or a compound command exits with a non-zero status.\"",
        "[2] docs/guide.pdf, page 3: \"Scripts that must stop on the first error should start with set -e.\"",
    ])

    let checked = try CitationChecker().check(answer: "Use set -e [2]. It also reboots the machine [1]. See [5].", sources: sources)
    let llm = Answer(text: "", generator: "tinyllama", report: checked, sources: sources)
    #expect(llm.sourceListing == [
        "[2] docs/guide.pdf, page 3: \"Scripts that must stop on the first error should start with set -e.\"",
        "[1] man/bash.1: not supported",
        "[5] no such source",
    ])
    #expect(llm.unsupportedSentences == ["It also reboots the machine [1].", "See [5]."])
}
