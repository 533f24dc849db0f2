/// Collapses whitespace while keeping the text's shape: a run of spaces and tabs becomes one
/// space, a run holding one line break becomes a line break, a run holding two or more (a blank
/// line) becomes one paragraph break (`"\n\n"`). Whitespace at the start and end of the
/// document and of every line is removed.
///
/// ```swift
/// let cleaned = try WhitespaceNormalizer().clean(document) // "a  b \n\n\n c" -> "a b\n\nc"
/// ```
public struct WhitespaceNormalizer: DocumentCleaner {
    public init() {}

    public func clean(_ document: Document) throws -> Document {
        rewrite(document) { rewriter in
            let scalars = rewriter.source
            var index = 0
            while index < scalars.count {
                guard scalars[index].isWhitespaceQuick else {
                    index += 1
                    continue
                }
                var end = index
                var breaks = 0
                while end < scalars.count, scalars[end].isWhitespaceQuick {
                    switch scalars[end].value {
                    case 0x0A, 0x0B, 0x0C, 0x85, 0x2028: breaks += 1
                    case 0x0D: if end + 1 >= scalars.count || scalars[end + 1] != "\n" { breaks += 1 }
                    case 0x2029: breaks += 2
                    default: break
                    }
                    end += 1
                }
                let replacement: String
                if index == 0 || end == scalars.count {
                    replacement = ""
                } else {
                    replacement = breaks == 0 ? " " : breaks == 1 ? "\n" : "\n\n"
                }
                if replacement.isEmpty {
                    rewriter.delete(index..<end)
                } else {
                    rewriter.replace(index..<end, with: replacement)
                }
                index = end
            }
        }
    }
}
