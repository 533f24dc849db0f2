import Foundation
import RAGFlow

/// Documents for chunker tests: hand-written ones and random ones from a seeded generator.
enum ChunkerFixtures {
    static func document(_ text: String, spans: [TextSpan]? = nil, path: String = "doc.md") -> Document {
        let length = text.unicodeScalars.count
        return Document(
            path: path, sha256: SHA256.hex(of: Data(text.utf8)), size: text.utf8.count, modified: Date(timeIntervalSince1970: 0),
            mediaType: .markdown, text: text, spans: spans ?? [TextSpan(range: 0..<length)])
    }

    /// Pages of text, one span per page.
    static func pagedDocument(_ pages: [String], separator: String = "\n\n") -> Document {
        var text = "", spans: [TextSpan] = []
        for (index, page) in pages.enumerated() {
            let start = text.unicodeScalars.count
            text += page + (index + 1 < pages.count ? separator : "")
            spans.append(TextSpan(range: start..<text.unicodeScalars.count, page: index + 1))
        }
        return document(text, spans: spans, path: "doc.pdf")
    }

    private static let words = [
        "the", "pipeline", "reads", "files", "and", "answers", "questions", "with", "citations", "café", "cafe\u{301}",
        "naïve", "Straße", "😀", "漢字", "über", "x", "a", "3.14", "e.g.", "Dr.", "(see", "below)", "\"quoted\"", "—", "it's",
        "https://example.org/a/very/long/path/that/keeps/going/and/going/for/a/while/index.html",
    ]

    /// A random document: sentences, paragraphs, headings and lines, with spans that cut it into
    /// pages and sections at random points (some of them mid-word, as PDF pages can).
    static func randomDocument(_ generator: inout SeededGenerator) -> Document {
        var text = ""
        let sentences = Int.random(in: 0...60, using: &generator)
        for _ in 0..<sentences {
            let count = Int.random(in: 1...30, using: &generator)
            var sentence = (0..<count).map { _ in words.randomElement(using: &generator)! }
            if Bool.random(using: &generator) { sentence[0] = sentence[0].capitalized }
            text += sentence.joined(separator: " ") + [".", "!", "?", "", "…", "。"].randomElement(using: &generator)!
            text += [" ", " ", "  ", "\n", "\n\n", "\n# Heading\n", "\n- item ", "\t", " \u{00A0}"].randomElement(using: &generator)!
        }
        if Bool.random(using: &generator) { text = "  \n" + text }
        let length = text.unicodeScalars.count
        var cuts = Set((0..<Int.random(in: 0...8, using: &generator)).map { _ in Int.random(in: 0...max(0, length), using: &generator) })
        cuts.insert(0)
        cuts.insert(length)
        let bounds = cuts.sorted()
        var spans: [TextSpan] = []
        var page = 1
        for (lower, upper) in zip(bounds, bounds.dropFirst()) where lower < upper {
            if Bool.random(using: &generator) { page += 1 }
            let headings = Bool.random(using: &generator) ? ["Part \(page)"] : ["Part \(page)", "Section \(lower)"]
            spans.append(TextSpan(range: lower..<upper, page: page, headingPath: headings))
        }
        return document(text, spans: spans)
    }
}
