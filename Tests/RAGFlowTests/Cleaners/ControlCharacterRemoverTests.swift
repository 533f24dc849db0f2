import RAGFlow
import Testing

@Suite("ControlCharacterRemover")
struct ControlCharacterRemoverTests {
    @Test("removes controls and invisible format characters and unifies line breaks")
    func removes() throws {
        let text = "a\u{0}b\r\nc\rd\u{0C}e\u{7F}f\u{85}g\u{9B}h\u{200B}i\u{FEFF}j\tk\u{2029}l\u{200D}m\u{00AD}n"
        let cleaned = try ControlCharacterRemover().clean(CleanerFixtures.plain(text))
        #expect(cleaned.text == "ab\nc\nd\nef\ngh" + "ij\tk\n\nl\u{200D}mn")
    }

    @Test("leaves a soft hyphen at a line end for the hyphenation joiner")
    func softHyphenAtLineEnd() throws {
        let cleaned = try ControlCharacterRemover().clean(CleanerFixtures.plain("infor\u{00AD}\nmation"))
        #expect(cleaned.text == "infor\u{00AD}\nmation")
        #expect(try HyphenationJoiner().clean(cleaned).text == "information")
    }

    @Test("keeps each page's text on its page")
    func pages() throws {
        let cleaned = try ControlCharacterRemover().clean(CleanerFixtures.paged(["one\r\n", "\u{0}two\u{1}", "\r\nthree"]))
        #expect(CleanerFixtures.spanTexts(cleaned) == ["one\n", "two", "\nthree"])
    }
}
