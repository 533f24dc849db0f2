import Foundation
import RAGFlow
import Testing

@Suite("UnicodeNormalizer")
struct UnicodeNormalizerTests {
    @Test("folds ligatures, full-width forms and non-breaking spaces under NFKC")
    func nfkc() throws {
        let document = CleanerFixtures.paged(["ﬁle ＡＢＣ\u{00A0}x", "e\u{0301}t\u{00E9} ½"])
        let cleaned = try UnicodeNormalizer().clean(document)
        #expect(CleanerFixtures.spanTexts(cleaned) == ["file ABC x", "\u{00E9}t\u{00E9} 1\u{2044}2"])
    }

    @Test("only composes under NFC")
    func nfc() throws {
        let cleaned = try UnicodeNormalizer(form: .nfc).clean(CleanerFixtures.plain("ﬁ e\u{0301}"))
        #expect(cleaned.text == "ﬁ \u{00E9}")
    }

    @Test("agrees with normalising the whole text at once on real documents", arguments: UnicodeNormalizer.Form.allCases)
    func wholeText(form: UnicodeNormalizer.Form) throws {
        let url = LoaderFixtures.pythonDocs.appendingPathComponent("library/unicodedata.html")
        let document = try HTMLLoader().load(LoaderFixtures.source(url))
        let mixed = CleanerFixtures.plain(document.text + " ﬁ ＡＢＣ e\u{0301} 한국어 ᄀ\u{1161}\u{11A8} Å ﬀ ① ㍱")
        let cleaned = try UnicodeNormalizer(form: form).clean(mixed)
        let expected = form == .nfc
            ? mixed.text.precomposedStringWithCanonicalMapping : mixed.text.precomposedStringWithCompatibilityMapping
        #expect(Array(cleaned.text.unicodeScalars) == Array(expected.unicodeScalars))
        #expect(cleaned.spans.last?.range.upperBound == cleaned.text.unicodeScalars.count)
    }
}
