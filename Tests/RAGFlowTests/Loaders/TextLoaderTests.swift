import Foundation
import RAGFlow
import Testing

@Suite("TextLoader")
struct TextLoaderTests {
    let loader = TextLoader()
    let sample = "Crème brûlée — 蜂蜜 🐝\nsecond line"

    @Test("reads UTF-8 with and without a byte-order mark")
    func utf8() throws {
        let plain = try loader.load(LoaderFixtures.write(sample, named: "plain.txt"))
        let marked = try loader.load(LoaderFixtures.write(Data([0xEF, 0xBB, 0xBF]) + Data(sample.utf8), named: "bom.txt"))
        #expect(plain.text == sample)
        #expect(marked.text == sample)
        #expect(plain.warnings.isEmpty && marked.warnings.isEmpty)
        #expect(plain.mediaType == .plainText)
        #expect(plain.spans == [TextSpan(range: 0..<sample.unicodeScalars.count)])
    }

    @Test("reads UTF-16 with a byte-order mark in either byte order")
    func utf16() throws {
        let units = Array(sample.utf16)
        let little = Data([0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let big = Data([0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(try loader.load(LoaderFixtures.write(little, named: "le.txt")).text == sample)
        #expect(try loader.load(LoaderFixtures.write(big, named: "be.md")).text == sample)
    }

    @Test("falls back to Latin-1 with a warning for bytes that are not UTF-8")
    func latin1() throws {
        // "Crème brûlée" in Latin-1: è = E8, û = FB, é = E9.
        let bytes = Data([0x43, 0x72, 0xE8, 0x6D, 0x65, 0x20, 0x62, 0x72, 0xFB, 0x6C, 0xE9, 0x65])
        let document = try loader.load(LoaderFixtures.write(bytes, named: "latin1.txt"))
        #expect(document.text == "Crème brûlée")
        #expect(document.warnings.contains { $0.contains("Latin-1") })
    }

    @Test("refuses a binary file named .txt as binary, naming the file")
    func binary() throws {
        let gzip = try LoaderFixtures.run("gzip", ["-c", "/usr/share/common-licenses/GPL-3"])
        let file = try LoaderFixtures.write(gzip, named: "archive.txt")
        let error = try #require(throws: RAGFlowError.self) { try loader.load(file) }
        #expect(error.kind == .unreadableFile)
        #expect(error.file == "archive.txt")
        #expect(error.description.contains("binary"))
    }

    @Test("refuses a file larger than its limit without reading it")
    func limit() throws {
        let file = try LoaderFixtures.write(String(repeating: "a", count: 101), named: "big.txt")
        #expect(throws: RAGFlowError.self) { try TextLoader(maxFileBytes: 100).load(file) }
        #expect(try TextLoader(maxFileBytes: 101).load(file).text.count == 101)
    }

    @Test("turns Markdown headings into section spans with heading paths")
    func markdownHeadings() throws {
        let markdown = """
            Intro line.
            # Guide
            Text.
            ## Install ##
            Steps.
            ```
            # not a heading
            ```
            Setext title
            ------------
            More.
            # Appendix
            End.
            """
        let document = try loader.load(LoaderFixtures.write(markdown, named: "guide.md"))
        #expect(document.mediaType == .markdown)
        #expect(document.title == "Guide")
        #expect(document.text == markdown)
        #expect(document.spans.map(\.headingPath) == [
            [], ["Guide"], ["Guide", "Install"], ["Guide", "Setext title"], ["Appendix"],
        ])
        #expect(document.text(of: document.spans[2]).hasPrefix("## Install ##\nSteps."))
        #expect(document.text(of: document.spans[2]).contains("# not a heading"))
        #expect(document.spans.last?.range.upperBound == markdown.unicodeScalars.count)
    }

    @Test("finds reStructuredText titles by their adornment")
    func restructuredTextHeadings() throws {
        let rst = """
            =====
            Title
            =====

            Chapter
            -------

            Body text.

            Other chapter
            -------------
            """
        let document = try loader.load(LoaderFixtures.write(rst, named: "doc.rst"))
        #expect(document.mediaType == .restructuredText)
        #expect(document.spans.map(\.headingPath) == [["Title"], ["Title", "Chapter"], ["Title", "Other chapter"]])
    }

    @Test("reads every license text in /usr/share/common-licenses exactly")
    func licenses() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: LoaderFixtures.licenses.path)
        let unique = Set(names.map { LoaderFixtures.licenses.appendingPathComponent($0).resolvingSymlinksInPath().path }).sorted()
        #expect(unique.count >= 10)
        for path in unique {
            let url = URL(fileURLWithPath: path)
            let file = try LoaderFixtures.source(url, relativePath: url.lastPathComponent + ".txt")
            let document = try loader.load(file)
            #expect(document.text == (try String(contentsOf: url, encoding: .utf8)), "\(path)")
            #expect(document.size == file.size)
        }
        let gpl = try LoaderFixtures.source(LoaderFixtures.licenses.appendingPathComponent("GPL-3"))
        let sha256sum = String(decoding: try LoaderFixtures.run("sha256sum", [gpl.url.path]), as: UTF8.self)
        #expect(try loader.load(gpl).sha256 == String(sha256sum.prefix(64)))
    }
}
