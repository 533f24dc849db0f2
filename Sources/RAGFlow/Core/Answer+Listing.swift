extension Answer {
    /// The sources the answer cites, one line each, for a terminal after the answer:
    ///
    /// ```text
    /// [1] man/bash.1, page 4: "Exit immediately if a pipeline ... exits with a non-zero status."
    /// [7] no such source
    /// [2] docs/guide.pdf, page 3: not supported
    /// ```
    ///
    /// A source cited by several sentences is listed once, with its first supporting quote;
    /// quotes are on one line, their whitespace collapsed.
    public var sourceListing: [String] {
        var lines: [String] = []
        var listed = Set<Int>()
        let byNumber = Dictionary(grouping: citations, by: \.n)
        for citation in citations where !listed.contains(citation.n) {
            listed.insert(citation.n)
            let all = byNumber[citation.n] ?? [citation]
            guard let path = citation.source else {
                lines.append("[\(citation.n)] no such source")
                continue
            }
            var line = "[\(citation.n)] \(path)"
            if let page = citation.page { line += ", page \(page)" }
            if let quote = all.lazy.compactMap(\.quote).first {
                line += ": \"" + quote.split(whereSeparator: \.isWhitespace).joined(separator: " ") + "\""
            } else {
                line += ": not supported"
            }
            lines.append(line)
        }
        return lines
    }
}
