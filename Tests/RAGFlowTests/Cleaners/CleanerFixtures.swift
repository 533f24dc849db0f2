import Foundation
import RAGFlow

/// Documents built in memory for the cleaner tests.
enum CleanerFixtures {
    /// A document whose pages hold the given texts, one page span each.
    static func paged(_ pages: [String]) -> Document {
        var text = ""
        var spans: [TextSpan] = []
        var offset = 0
        for (index, page) in pages.enumerated() {
            text += page
            let count = page.unicodeScalars.count
            spans.append(TextSpan(range: offset..<offset + count, page: index + 1))
            offset += count
        }
        return document(text, spans: spans)
    }

    static func plain(_ text: String) -> Document {
        document(text, spans: [TextSpan(range: 0..<text.unicodeScalars.count)])
    }

    private static func document(_ text: String, spans: [TextSpan]) -> Document {
        Document(
            path: "test.txt", sha256: "", size: 0, modified: Date(timeIntervalSince1970: 0), mediaType: .plainText,
            text: text, spans: spans)
    }

    /// The text of each span, in order.
    static func spanTexts(_ document: Document) -> [String] {
        let scalars = Array(document.text.unicodeScalars)
        return document.spans.map { String(String.UnicodeScalarView(scalars[$0.range])) }
    }
}
