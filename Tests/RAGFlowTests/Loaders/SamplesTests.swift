import Foundation
import RAGFlow
import Testing

@Suite("samples/")
struct SamplesTests {
    static let loaders: [any DocumentLoader] = [TextLoader(), HTMLLoader(), PDFLoader()]

    static func load(_ name: String) throws -> Document {
        let url = LoaderFixtures.samples.appendingPathComponent(name)
        let mediaType = try #require(MediaType(fileExtension: url.pathExtension))
        let loader = try #require(loaders.first { $0.mediaTypes.contains(mediaType) })
        return try loader.load(LoaderFixtures.source(url, relativePath: name))
    }

    @Test("every sample loads with a title and without warnings")
    func allLoad() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: LoaderFixtures.samples.path)
            .filter { MediaType(fileExtension: ($0 as NSString).pathExtension) != nil }.sorted()
        #expect(names == ["club-rules.txt", "hive-inspection-guide.pdf", "honey-harvest.md", "varroa-mites.html"])
        for name in names {
            let document = try Self.load(name)
            #expect(document.warnings.isEmpty, "\(name)")
            #expect(document.text.unicodeScalars.count > 1_000, "\(name)")
            if name != "club-rules.txt" { #expect(document.title != nil, "\(name)") }
        }
    }

    @Test("the varroa page answers the demo question and carries no page furniture")
    func varroa() throws {
        let document = try Self.load("varroa-mites.html")
        #expect(document.text.contains("August | 3 | Formic acid strips, after the honey supers are off"))
        for furniture in ["Join", "Events", "Upcoming events", "Privacy", "menu ready", "previous | next"] {
            #expect(!document.text.contains(furniture))
        }
        let table = try #require(document.spans.first { $0.headingPath.last == "Treatment thresholds" })
        #expect(table.headingPath == ["Varroa monitoring and treatment", "Treatment thresholds"])
    }

    @Test("the inspection guide PDF matches its groff source")
    func guide() throws {
        let document = try Self.load("hive-inspection-guide.pdf")
        #expect(document.spans.count >= 3)
        let cleaned = try RunningHeaderRemover().clean(document)
        let pages = CleanerFixtures.spanTexts(cleaned)
        #expect(pages[0].hasPrefix("Hive Inspection Guide\nMillbrook Apiary Club"))
        for page in pages.dropFirst() {
            #expect(!page.contains("Millbrook handbook") && !page.contains("Edition 3"))
        }
        let words = LoaderFixtures.words(try HyphenationJoiner().clean(cleaned).text).joined(separator: " ")
        #expect(words.contains("A colony scoring 4 or more for temper two weeks in a row is requeened."))
    }
}
