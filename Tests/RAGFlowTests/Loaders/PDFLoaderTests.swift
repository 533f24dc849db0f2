import Foundation
import RAGFlow
import Testing

@Suite("PDFLoader")
struct PDFLoaderTests {
    let loader = PDFLoader()

    /// The `tar` manual (about 17 pages) and `ls` (4), rendered by groff once per test run.
    static let tar = Result { try LoaderFixtures.manPagePDF("tar") }
    static let ls = Result { try LoaderFixtures.manPagePDF("ls") }

    @Test("reads a groff man page page by page with the words pdftotext finds")
    func manPagePages() throws {
        let file = try Self.tar.get()
        // pdftotext joins words hyphenated at line ends; so does our HyphenationJoiner.
        let document = try HyphenationJoiner().clean(loader.load(file))
        let pages = try LoaderFixtures.pdfinfoPages(file)
        #expect(pages > 5)
        #expect(document.spans.map(\.page) == Array(1...pages))
        #expect(document.mediaType == .pdf)
        for span in document.spans {
            let page = try #require(span.page)
            let expected = try LoaderFixtures.pdftotext(file, page: page)
            #expect(LoaderFixtures.words(document.text(of: span)) == LoaderFixtures.words(expected), "page \(page)")
        }
        #expect(document.text.contains("TAR(1)"))
        #expect(document.spans.first?.range.lowerBound == 0)
        #expect(document.spans.last?.range.upperBound == document.text.unicodeScalars.count)
    }

    @Test("knows the page each option of the tar manual is described on")
    func knownPages() throws {
        let file = try Self.tar.get()
        let document = try loader.load(file)
        for option in ["--listed-incremental", "--exclude-vcs", "--zstd"] {
            let offset = try #require(document.text.unicodeScalars.firstRange(of: option.unicodeScalars))
            let scalarOffset = document.text.unicodeScalars.distance(
                from: document.text.unicodeScalars.startIndex, to: offset.lowerBound)
            let page = try #require(document.page(at: scalarOffset))
            #expect(try LoaderFixtures.pdftotext(file, page: page).contains(option))
            if page > 1 { #expect(try !LoaderFixtures.pdftotext(file, page: page - 1).contains(option)) }
        }
    }

    @Test("reads title, author and creation date from the metadata")
    func metadata() throws {
        let url = LoaderFixtures.samples.appendingPathComponent("hive-inspection-guide.pdf")
        let document = try loader.load(LoaderFixtures.source(url))
        #expect(document.title == "Hive Inspection Guide")
        #expect(document.author == "Millbrook Apiary Club")
        #expect(document.created == Date(timeIntervalSince1970: 1_767_225_600))
        let words = LoaderFixtures.words(try HyphenationJoiner().clean(document).text).joined(separator: " ")
        #expect(words.contains("every colony at the Millbrook apiary is inspected once every seven days"))
        #expect(words.contains("Colonies that were given a new queen are inspected after four days"))
    }

    @Test("reads page labels where the PDF defines them")
    func pageLabels() throws {
        let ls = try Self.ls.get()
        let directory = try LoaderFixtures.directory()
        let labels = directory.appendingPathComponent("labels.ps")
        try """
            [/_objdef {pl} /type /dict /OBJ pdfmark
            [{pl} <</Nums [0 <</S /r>> 2 <</S /D /P (A-)>>]>> /PUT pdfmark
            [{Catalog} <</PageLabels {pl}>> /PUT pdfmark
            """.write(to: labels, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("labeled.pdf")
        try LoaderFixtures.run("gs", ["-q", "-o", output.path, "-sDEVICE=pdfwrite", ls.url.path, labels.path])
        let document = try loader.load(LoaderFixtures.source(output))
        #expect(document.spans.map(\.pageLabel) == ["i", "ii", "A-1", "A-2"])
        #expect(document.spans.map(\.page) == [1, 2, 3, 4])
    }

    @Test("refuses an encrypted PDF with a clear error naming the file")
    func encrypted() throws {
        let ls = try Self.ls.get()
        let output = try LoaderFixtures.directory().appendingPathComponent("locked.pdf")
        try LoaderFixtures.run("qpdf", ["--encrypt", "user-secret", "owner-secret", "256", "--", ls.url.path, output.path])
        let error = try #require(throws: RAGFlowError.self) {
            try loader.load(LoaderFixtures.source(output, relativePath: "docs/locked.pdf"))
        }
        #expect(error.kind == .unreadableFile)
        #expect(error.file == "docs/locked.pdf")
        #expect(error.description.contains("encrypted"))
    }

    @Test("refuses a truncated PDF with a clear error naming the file", arguments: [0.02, 0.1, 0.5, 0.9])
    func truncated(fraction: Double) throws {
        // groff writes the page tree and catalog last, so no prefix of its PDFs can be repaired.
        let bytes = try Data(contentsOf: Self.tar.get().url)
        let file = try LoaderFixtures.write(bytes.prefix(Int(Double(bytes.count) * fraction)), named: "cut.pdf")
        let error = try #require(throws: RAGFlowError.self) { try loader.load(file) }
        #expect(error.kind == .unreadableFile)
        #expect(error.description == "cut.pdf: the PDF is damaged (PDF document is damaged)")
    }

    @Test("refuses a file that is not a PDF at all")
    func notPDF() throws {
        for (name, bytes) in [("empty.pdf", Data()), ("text.pdf", Data("just words".utf8)), ("zeros.pdf", Data(count: 4096))] {
            let error = try #require(throws: RAGFlowError.self) { try loader.load(LoaderFixtures.write(bytes, named: name)) }
            #expect(error.file == name)
        }
    }

    @Test("refuses a PDF over its page or byte limit")
    func limits() throws {
        let ls = try Self.ls.get()
        let pages = try #require(throws: RAGFlowError.self) { try PDFLoader(maxFileBytes: 64 << 20, maxPages: 2).load(ls) }
        #expect(pages.description.contains("pages"))
        #expect(throws: RAGFlowError.self) { try PDFLoader(maxFileBytes: 1_000).load(ls) }
    }
}
