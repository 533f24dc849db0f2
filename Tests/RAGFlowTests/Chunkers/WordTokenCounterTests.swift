import RAGFlow
import Testing

@Suite("Word-based token estimate")
struct WordTokenCounterTests {
    let counter = WordTokenCounter()

    @Test("words, punctuation and ideographs count as tokens; whitespace does not")
    func counts() {
        #expect(counter.countTokens(in: "Hello, world!") == 4)
        #expect(counter.countTokens(in: "") == 0)
        #expect(counter.countTokens(in: "  \n\t ") == 0)
        #expect(counter.countTokens(in: "漢字") == 2)
        #expect(counter.countTokens(in: "cafe\u{301} café") == 2)
        #expect(counter.countTokens(in: "abcdefgh") == 1)
        #expect(counter.countTokens(in: "abcdefghi") == 2)
        #expect(counter.countTokens(in: "3.14") == 3)
    }

    @Test("a text split at whitespace counts the sum of its parts")
    func additiveOverWhitespace() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            let document = ChunkerFixtures.randomDocument(&generator)
            let parts = document.text.split(whereSeparator: { $0.isWhitespace })
            #expect(counter.countTokens(in: Substring(document.text)) == parts.reduce(0) { $0 + counter.countTokens(in: $1) })
        }
    }
}
