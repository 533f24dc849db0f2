import RAGFlow
import Testing

/// Every cleaner, alone and chained, keeps each character on its page: the pages of a
/// generated document are written with letters of their own (page 1 uses "a", page 2 "b"...),
/// so after cleaning each letter's span must still carry the page its letter names.
@Suite("Cleaners keep pages")
struct CleanerChainTests {
    static let cleaners: [(String, any DocumentCleaner)] = [
        ("unicode", UnicodeNormalizer()), ("controls", ControlCharacterRemover()), ("hyphenation", HyphenationJoiner()),
        ("whitespace", WhitespaceNormalizer()), ("headers", RunningHeaderRemover()),
    ]

    static func document(seed: UInt64) -> Document {
        var generator = SeededGenerator(seed: seed)
        let pageCount = Int(generator.next() % 6) + 2
        let pages = (0..<pageCount).map { page in
            let letter = String(Unicode.Scalar(UInt8(97 + page)))
            let fullWidth = String(Unicode.Scalar(0xFF41 + UInt32(page))!)
            let noise = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "\u{0}", "\u{00A0}", "\u{200B}", "-\n", "\u{2010}\n  ", "\n\n\n"]
            var text = "RUNNING HEAD \(page + 1)\n"
            for _ in 0..<Int(generator.next() % 40) {
                text += String(repeating: generator.next() % 5 == 0 ? fullWidth : letter, count: Int(generator.next() % 5) + 1)
                text += noise[Int(generator.next() % UInt64(noise.count))]
            }
            return text + (generator.next() % 2 == 0 ? "-\n" : "\n\(page + 1)\n")
        }
        return CleanerFixtures.paged(pages)
    }

    static func checkPages(_ document: Document, _ label: String) {
        let scalars = Array(document.text.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() where ("a"..."h").contains(scalar) {
            #expect(document.page(at: offset) == Int(scalar.value) - 96, "\(label): offset \(offset)")
        }
        #expect(document.spans.first?.range.lowerBound == 0)
        #expect(document.spans.last?.range.upperBound == scalars.count, "\(label)")
        for (first, second) in zip(document.spans, document.spans.dropFirst()) {
            #expect(first.range.upperBound == second.range.lowerBound, "\(label)")
        }
    }

    @Test("each cleaner alone keeps every character's page", arguments: 0..<12)
    func alone(seed: UInt64) throws {
        let document = Self.document(seed: seed)
        for (name, cleaner) in Self.cleaners {
            Self.checkPages(try cleaner.clean(document), "\(name), seed \(seed)")
        }
    }

    @Test("the cleaners chained keep every character's page and drop the running header", arguments: 0..<12)
    func chained(seed: UInt64) throws {
        var document = Self.document(seed: seed)
        for (_, cleaner) in Self.cleaners { document = try cleaner.clean(document) }
        Self.checkPages(document, "chain, seed \(seed)")
        #expect(!document.text.contains("RUNNING HEAD"))
        #expect(!document.text.contains("\u{0}"))
    }
}
