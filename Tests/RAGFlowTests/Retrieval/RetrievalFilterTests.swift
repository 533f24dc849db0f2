import Foundation
import Testing
import RAGFlow

@Test("filters combine path, type, date and pages")
func filtersCombine() throws {
    var filter = RetrievalFilter()
    try filter.add("path=man/*.pdf")
    try filter.add("type=pdf")
    try filter.add("modified_after=2026-01-01")
    try filter.add("pages=3-10")
    let after = Date(timeIntervalSince1970: 1_780_000_000), before = Date(timeIntervalSince1970: 1_700_000_000)
    #expect(filter.matches(path: "man/tar.pdf", mediaType: .pdf, modified: after, pages: 9...12))
    #expect(!filter.matches(path: "man/tar.pdf", mediaType: .pdf, modified: after, pages: 11...12))
    #expect(!filter.matches(path: "man/tar.pdf", mediaType: .pdf, modified: before, pages: 9...12))
    #expect(!filter.matches(path: "man/tar.pdf", mediaType: .pdf, modified: after, pages: nil))
    #expect(!filter.matches(path: "python/json.html", mediaType: .html, modified: after, pages: nil))
}

@Test("an empty filter lets everything through")
func emptyFilter() {
    let filter = RetrievalFilter()
    #expect(filter.isEmpty)
    #expect(filter.matches(path: "a.txt", mediaType: .plainText, modified: Date(), pages: nil))
}

@Test("bad filters say what was expected")
func badFilters() {
    var filter = RetrievalFilter()
    for (text, fragment) in [
        ("colour=red", "unknown filter key"), ("pages=10-3", "expected a page"), ("pages=x", "expected a page"),
        ("type=docx", "expected pdf"), ("modified_after=yesterday", "expected a date"), ("path", "KEY=VALUE"),
    ] {
        #expect {
            try filter.add(text)
        } throws: { error in
            String(describing: error).contains(fragment)
        }
    }
}
