import RAGFlow
import Testing

@Suite("HyphenationJoiner")
struct HyphenationJoinerTests {
    @Test("joins words hyphenated across a line break")
    func joins() throws {
        let text = "infor-\nmation and exam\u{2010}  \n  ple"
        #expect(try HyphenationJoiner().clean(CleanerFixtures.plain(text)).text == "information and example")
    }

    @Test("keeps hyphens that do not split a word")
    func keeps() throws {
        let text = "well-known, x-\nRay, 2-\nthree, end-\n\nnext, dash -\nword"
        #expect(try HyphenationJoiner().clean(CleanerFixtures.plain(text)).text == text)
    }

    @Test("keeps each half of a word split across pages on its own page")
    func acrossPages() throws {
        let cleaned = try HyphenationJoiner().clean(CleanerFixtures.paged(["the exam-\n", "ple page"]))
        #expect(cleaned.text == "the example page")
        #expect(CleanerFixtures.spanTexts(cleaned) == ["the exam", "ple page"])
    }
}
