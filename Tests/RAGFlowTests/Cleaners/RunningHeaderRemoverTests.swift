import RAGFlow
import Testing

@Suite("RunningHeaderRemover")
struct RunningHeaderRemoverTests {
    @Test("removes repeated headers, footers and page numbers, keeping the body")
    func removes() throws {
        let bodies = ["Smoke calms bees.\nUse cool smoke.", "Lift the crown board.\nWork from the side.",
            "Look for eggs.\nCount brood frames.", "Close the hive.\nWash the tool."]
        let pages = bodies.enumerated().map { index, body in
            "ACME Manual   Chapter \(index + 1)\n\(body)\nPage \(index + 1) of 4\n\n"
        }
        let cleaned = try RunningHeaderRemover().clean(CleanerFixtures.paged(pages))
        #expect(CleanerFixtures.spanTexts(cleaned) == bodies.map { $0 + "\n\n" })
    }

    @Test("removes page numbers and labels even when nothing else repeats")
    func pageNumbers() throws {
        var document = CleanerFixtures.paged([
            "i\nPreface text.\n", "Chapter one.\n- 12 -", "Text.\nA-3", "4\nBody.\nPage 9 of 40", "7.\nA list item.\n5",
        ])
        document.spans[2].pageLabel = "A-3"
        let cleaned = try RunningHeaderRemover().clean(document)
        #expect(CleanerFixtures.spanTexts(cleaned) == [
            "Preface text.\n", "Chapter one.\n", "Text.\n", "Body.\n", "7.\nA list item.\n",
        ])
    }

    @Test("keeps lines that repeat on fewer pages than the fraction, and inner body lines")
    func keeps() throws {
        let pages = ["Intro\nNote\nText a.", "Other\nNote\nText b.", "Third\nText c.", "Fourth\nText d."]
        let document = CleanerFixtures.paged(pages)
        #expect(try RunningHeaderRemover(minimumFraction: 0.75).clean(document) == document)
    }

    @Test("leaves documents without pages alone")
    func unpaged() throws {
        let document = CleanerFixtures.plain("1\nSame\n1\nSame")
        #expect(try RunningHeaderRemover().clean(document) == document)
    }

    @Test("removes the running header and footer of a groff man page")
    func manPage() throws {
        let document = try PDFLoader().load(PDFLoaderTests.tar.get())
        let cleaned = try RunningHeaderRemover().clean(document)
        let pages = CleanerFixtures.spanTexts(cleaned)
        #expect(pages.count == document.spans.count)
        for (index, page) in pages.enumerated() {
            #expect(!page.contains("General Commands Manual"), "page \(index + 1)")
            #expect(!page.hasPrefix("TAR(1)"), "page \(index + 1)")
        }
        #expect(pages[0].contains("NAME"))
    }
}
