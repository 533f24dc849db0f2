/// Removes control and invisible format characters: C0 and C1 controls other than tab and line
/// feed, zero-width spaces, byte-order marks and soft hyphens (a soft hyphen at a line end is
/// left for ``HyphenationJoiner``). Carriage returns, vertical tabs, form feeds and Unicode line
/// separators become line feeds; a paragraph separator becomes a blank line.
///
/// ```swift
/// let cleaned = try ControlCharacterRemover().clean(document) // "a\r\nb\u{0}" -> "a\nb"
/// ```
public struct ControlCharacterRemover: DocumentCleaner {
    public init() {}

    public func clean(_ document: Document) throws -> Document {
        rewrite(document) { rewriter in
            let scalars = rewriter.source
            for (index, scalar) in scalars.enumerated() {
                // Printable ASCII is by far the most common case and never changes.
                if scalar.value >= 0x20 && scalar.value < 0x7F { continue }
                switch scalar.value {
                case 0x09, 0x0A:
                    continue
                case 0x0D:
                    if index + 1 < scalars.count, scalars[index + 1] == "\n" {
                        rewriter.delete(index..<index + 1)
                    } else {
                        rewriter.replace(index..<index + 1, with: "\n")
                    }
                case 0x0B, 0x0C, 0x85, 0x2028:
                    rewriter.replace(index..<index + 1, with: "\n")
                case 0x2029:
                    rewriter.replace(index..<index + 1, with: "\n\n")
                case 0x00AD:
                    if !Self.endsLine(scalars, after: index) { rewriter.delete(index..<index + 1) }
                case 0x200C, 0x200D:
                    // Joiners shape emoji and several scripts: they stay.
                    continue
                default:
                    let category = scalar.properties.generalCategory
                    if category == .control || category == .format || scalar.properties.isNoncharacterCodePoint {
                        rewriter.delete(index..<index + 1)
                    }
                }
            }
        }
    }

    private static func endsLine(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        var next = index + 1
        while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
        return next < scalars.count && (scalars[next] == "\n" || scalars[next] == "\r")
    }
}
