/// Turns the headings found in a text into section spans: each heading opens a span that runs
/// to the next heading, carrying the path of headings above it.
struct SectionMap {
    struct Heading {
        /// Unicode-scalar offset where the heading's own text starts.
        var offset: Int
        /// 1 for the outermost level.
        var level: Int
        var title: String
    }

    private(set) var headings: [Heading] = []

    mutating func add(offset: Int, level: Int, title: String) {
        headings.append(Heading(offset: offset, level: level, title: title))
    }

    /// Spans covering `0..<length`, sorted and without overlaps. Text before the first heading
    /// has an empty heading path; a document without text still gets one empty span.
    func spans(length: Int) -> [TextSpan] {
        var spans: [TextSpan] = []
        var stack: [Heading] = []
        var start = 0
        var path: [String] = []
        for heading in headings {
            let offset = min(max(heading.offset, start), length)
            if offset > start { spans.append(TextSpan(range: start..<offset, headingPath: path)) }
            start = offset
            while let last = stack.last, last.level >= heading.level { stack.removeLast() }
            stack.append(heading)
            path = stack.map(\.title)
        }
        if length > start || spans.isEmpty { spans.append(TextSpan(range: start..<length, headingPath: path)) }
        return spans
    }
}
