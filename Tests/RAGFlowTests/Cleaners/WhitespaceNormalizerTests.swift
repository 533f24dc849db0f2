import RAGFlow
import Testing

@Suite("WhitespaceNormalizer")
struct WhitespaceNormalizerTests {
    @Test("collapses spaces and keeps line and paragraph breaks")
    func collapses() throws {
        let text = "  \n Title\t \n\n\n  First  line\u{00A0}\u{2003}here \n second line \n \n third\n\n "
        let cleaned = try WhitespaceNormalizer().clean(CleanerFixtures.plain(text))
        #expect(cleaned.text == "Title\n\nFirst line here\nsecond line\n\nthird")
        #expect(cleaned.spans == [TextSpan(range: 0..<cleaned.text.unicodeScalars.count)])
    }

    @Test("is idempotent")
    func idempotent() throws {
        let once = try WhitespaceNormalizer().clean(CleanerFixtures.plain(" a \t b\n\n\n c \n"))
        #expect(try WhitespaceNormalizer().clean(once) == once)
    }

    @Test("keeps the break between pages on the first page")
    func pages() throws {
        let cleaned = try WhitespaceNormalizer().clean(CleanerFixtures.paged(["end of one  \n\n", "\n  start of two"]))
        #expect(CleanerFixtures.spanTexts(cleaned) == ["end of one\n\n", "start of two"])
    }
}
