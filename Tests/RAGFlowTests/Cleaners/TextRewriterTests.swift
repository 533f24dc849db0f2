import Foundation
import RAGFlow
import Testing

@Suite("TextRewriter")
struct TextRewriterTests {
    @Test("moves span boundaries with the edits before them")
    func boundaries() {
        let document = CleanerFixtures.paged(["ab  cd", "ef\u{0}gh", "ij"])
        var rewriter = TextRewriter(document.text)
        rewriter.replace(2..<4, with: " ")
        rewriter.delete(8..<9)
        rewriter.replace(11..<13, with: "IJKL")
        let cleaned = rewriter.apply(to: document)
        #expect(cleaned.text == "ab cdefghIJKL")
        #expect(CleanerFixtures.spanTexts(cleaned) == ["ab cd", "efgh", "IJKL"])
    }

    @Test("puts a boundary inside a replaced run at the same distance into the replacement")
    func straddling() {
        let document = CleanerFixtures.paged(["word   ", "   next"])
        var rewriter = TextRewriter(document.text)
        rewriter.replace(4..<10, with: " ")
        let cleaned = rewriter.apply(to: document)
        #expect(CleanerFixtures.spanTexts(cleaned) == ["word ", "next"])
    }

    @Test("keeps every unedited character on its page, against a brute-force map", arguments: 0..<20)
    func bruteForce(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let pages = (0..<Int(generator.next() % 5 + 1)).map { page in
            String((0..<Int(generator.next() % 30)).map { _ in
                generator.next() % 4 == 0 ? " " : Character(Unicode.Scalar(UInt8(97 + page)))
            })
        }
        let document = CleanerFixtures.paged(pages)
        let source = Array(document.text.unicodeScalars)
        var rewriter = TextRewriter(document.text)
        // Brute force: the page every new scalar should have, built alongside the edits.
        var expectedPages: [Int?] = []
        var index = 0
        while index < source.count {
            let length = Int(generator.next() % 3) + 1
            let end = min(source.count, index + length)
            if generator.next() % 3 == 0 {
                let replacement = String(repeating: "_", count: Int(generator.next() % 3))
                if replacement.isEmpty { rewriter.delete(index..<end) } else { rewriter.replace(index..<end, with: replacement) }
                // Replacement scalars take the page of the source scalar at the same distance.
                for offset in 0..<replacement.count {
                    expectedPages.append(document.page(at: index + min(offset, end - index - 1)))
                }
            } else {
                for source in index..<end { expectedPages.append(document.page(at: source)) }
            }
            index = end
        }
        let cleaned = rewriter.apply(to: document)
        #expect(cleaned.text.unicodeScalars.count == expectedPages.count)
        for (offset, page) in expectedPages.enumerated() {
            #expect(cleaned.page(at: offset) == page, "seed \(seed) offset \(offset)")
        }
        #expect(cleaned.spans.last?.range.upperBound == expectedPages.count)
    }
}
