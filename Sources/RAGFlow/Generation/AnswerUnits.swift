/// One piece of a retrieved chunk that the extractive generator may quote on its own.
struct AnswerUnit: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Running text, up to its stop.
        case sentence
        /// One item of a bulleted or numbered list, whether or not it ends with a stop.
        case listItem
        /// One row of a table: `a | b | c` (HTML tables arrive so) or `| a | b |` (Markdown).
        case tableRow
        /// A heading, or the header row of a table: context, never an answer.
        case heading
        /// A line of an interactive session or a shell example (`>>> x = 1`, `$ make`): code
        /// to read in its source, not a sentence to quote.
        case code
    }

    var range: Range<String.Index>
    var kind: Kind
    /// For a table row, the table's header row, which names its cells.
    var header: Range<String.Index>?
}

/// Cuts a chunk into answer units: its sentences (``SentenceSplitter``), cut further at the
/// lines that are table rows, list items or headings, so that a table row answers alone, a
/// heading glued to the sentence below it (as PDF text runs on) is not quoted with it, and a
/// heading is never taken for an answer.
///
/// A line is a heading when it starts with `#`, when it is one of the chunk's `headings` (its
/// heading path), or when it is a short title line (2 to 8 words, no closing punctuation, most
/// words capitalised or a section number first) with text after it. The first row of a table
/// of two or more rows is its header.
enum AnswerUnits {
    static func units(in text: String, headings: [String] = []) -> [AnswerUnit] {
        let known = Set(headings.map(normalized))
        let lines = LineKinds(text: text, headings: known)
        var units: [AnswerUnit] = []
        var afterBullet = false
        for sentence in SentenceSplitter.sentences(in: text) {
            var run: Range<String.Index>?
            func flush() {
                guard let range = run else { return }
                let kind: AnswerUnit.Kind = afterBullet || startsListItem(text[range]) ? .listItem : .sentence
                units.append(AnswerUnit(range: range, kind: kind))
                afterBullet = false
                run = nil
            }
            for (range, kind) in lines.lines(within: sentence) {
                switch kind {
                case .text:
                    run = run.map { $0.lowerBound..<range.upperBound } ?? range
                case .bullet:
                    flush()
                    afterBullet = true
                case .separator:
                    flush()
                case .heading, .code:
                    flush()
                    units.append(AnswerUnit(range: range, kind: kind == .code ? .code : .heading))
                case .row(let header):
                    flush()
                    units.append(AnswerUnit(
                        range: range, kind: header == nil && lines.isHeaderRow(range) ? .heading : .tableRow, header: header))
                }
            }
            flush()
        }
        return units
    }

    /// `- `, `* `, `+ `, `• `, `1. ` or `1) ` opening the text.
    static func startsListItem(_ text: Substring) -> Bool {
        if text.hasPrefix("- ") || text.hasPrefix("* ") || text.hasPrefix("+ ") || text.hasPrefix("\u{2022}") { return true }
        let digits = text.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 3 else { return false }
        let rest = text.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    /// Lower-cased, whitespace collapsed: how headings are compared.
    static func normalized<S: StringProtocol>(_ text: S) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}

/// What each line of a chunk is, decided once for the whole text: a table's rows must know the
/// table's first row even when a stop inside a cell cut the table into several sentences.
private struct LineKinds {
    enum Kind: Equatable {
        case text
        /// A list bullet alone on its line (HTML list items that hold paragraphs).
        case bullet
        case heading
        case code
        /// A table row, with the header row of its table when it is not the header itself.
        case row(header: Range<String.Index>?)
        /// A Markdown table's `|---|---|` line.
        case separator
    }

    private var kinds: [(range: Range<String.Index>, kind: Kind)] = []
    /// First rows of the tables that have more rows.
    private var headerRows: Set<String.Index> = []

    init(text: String, headings: Set<String>) {
        var lines: [Range<String.Index>] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(where: \.isNewline) ?? text.endIndex
            let line = text[start..<end]
            if let first = line.firstIndex(where: { !$0.isWhitespace }), let last = line.lastIndex(where: { !$0.isWhitespace }) {
                lines.append(first..<text.index(after: last))
            }
            start = end < text.endIndex ? text.index(after: end) : end
        }
        var tableStart: Int?
        for (position, range) in lines.enumerated() {
            let line = text[range]
            let kind: Kind
            if Self.isSeparatorRow(line) {
                kind = .separator
            } else if Self.isTableRow(line) {
                if let first = tableStart {
                    headerRows.insert(lines[first].lowerBound)
                    kind = .row(header: lines[first])
                } else {
                    tableStart = position
                    kind = .row(header: nil)
                }
            } else if line == "-" || line == "*" || line == "\u{2022}" {
                kind = .bullet
            } else if Self.isCode(line) {
                kind = .code
            } else if Self.isHeading(line, known: headings, followed: position + 1 < lines.count) {
                kind = .heading
            } else {
                kind = .text
            }
            if case .row = kind {} else if kind != .separator { tableStart = nil }
            kinds.append((range, kind))
        }
    }

    /// The lines of `sentence`, each cut to the part inside it.
    func lines(within sentence: Range<String.Index>) -> [(range: Range<String.Index>, kind: Kind)] {
        kinds.compactMap { line in
            let lower = max(line.range.lowerBound, sentence.lowerBound)
            let upper = min(line.range.upperBound, sentence.upperBound)
            return lower < upper ? (lower..<upper, line.kind) : nil
        }
    }

    func isHeaderRow(_ range: Range<String.Index>) -> Bool { headerRows.contains(range.lowerBound) }

    /// `a | b` (cells the HTML loader joined) or `| a | b |` (Markdown).
    static func isTableRow(_ line: Substring) -> Bool {
        line.contains(" | ") || (line.count > 2 && line.hasPrefix("|") && line.hasSuffix("|"))
    }

    /// `|---|:---:|` or `---|---`.
    static func isSeparatorRow(_ line: Substring) -> Bool {
        line.contains("|") && line.contains("-") && line.allSatisfy { "|-: \t".contains($0) }
    }

    /// A Python prompt or continuation (`>>> `, `... `) or a shell prompt (`$ `).
    static func isCode(_ line: Substring) -> Bool {
        line == ">>>" || line.hasPrefix(">>> ") || line.hasPrefix("... ") || line.hasPrefix("$ ")
    }

    /// The section titles of a manual page, printed alone on their line in capitals.
    static let manualSections: Set<String> = [
        "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXAMPLES", "EXAMPLE", "SEE ALSO", "ENVIRONMENT", "FILES",
        "EXIT STATUS", "RETURN VALUE", "DIAGNOSTICS", "BUGS", "AUTHOR", "AUTHORS", "REPORTING BUGS", "COPYRIGHT",
        "HISTORY", "NOTES", "STANDARDS", "CONFORMING TO", "SECURITY", "CONFIGURATION",
    ]

    static func isHeading(_ line: Substring, known: Set<String>, followed: Bool) -> Bool {
        if line.hasPrefix("#") { return true }
        if known.contains(AnswerUnits.normalized(line)) || manualSections.contains(String(line)) { return true }
        guard followed, let last = line.last, !".,;:!?)\"'\u{201D}".contains(last) else { return false }
        let words = line.split(whereSeparator: \.isWhitespace)
        guard (2...8).contains(words.count), let first = words.first?.first, first.isUppercase || first.isNumber else {
            return false
        }
        // "7. Seasonal calendar", "2.1 Options": a section number, then a title.
        if words[0].allSatisfy({ $0.isNumber || $0 == "." }), words[0].contains(where: \.isNumber) { return true }
        return ExtractiveGenerator.looksLikeHeading(line.split(whereSeparator: { !$0.isLetter && !$0.isNumber }))
    }
}
