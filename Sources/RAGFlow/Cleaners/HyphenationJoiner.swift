/// Joins words hyphenated across a line break: "exam-\nple" becomes "example" when a letter
/// precedes the hyphen and a lower-case letter starts the next line. Hyphen-minus, U+2010
/// HYPHEN and the soft hyphen count; a blank line between the halves stops the join.
///
/// ```swift
/// let cleaned = try HyphenationJoiner().clean(document) // "infor-\n  mation" -> "information"
/// ```
public struct HyphenationJoiner: DocumentCleaner {
    public init() {}

    static let hyphens: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{00AD}"]

    public func clean(_ document: Document) throws -> Document {
        rewrite(document) { rewriter in
            let scalars = rewriter.source
            var index = 1
            while index < scalars.count {
                defer { index += 1 }
                guard Self.hyphens.contains(scalars[index]), scalars[index - 1].properties.isAlphabetic else { continue }
                var next = index + 1
                while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" || scalars[next] == "\r" {
                    next += 1
                }
                guard next < scalars.count, scalars[next] == "\n" else { continue }
                next += 1
                while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
                guard next < scalars.count, scalars[next].properties.isLowercase else { continue }
                rewriter.delete(index..<next)
                index = next - 1
            }
        }
    }
}
