/// Finds sentences: after `.`, `!`, `?` or `…` (and closing quotes or brackets) followed by
/// whitespace and something that can start a sentence; after `。！？`; at blank lines; after a
/// Markdown heading line; and at a line break before a Markdown block (heading, list item,
/// quote, table row).
///
/// An abbreviation (`e.g.`, `Dr.`, a single initial) or a lower-case next word does not end a
/// sentence.
struct SentenceSegmenter {
    let text: ScalarText

    private static let terminals: Set<Unicode.Scalar> = [".", "!", "?", "\u{2026}"]
    private static let fullWidthTerminals: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF01}", "\u{FF1F}"]
    private static let closers: Set<Unicode.Scalar> = ["\"", "'", ")", "]", "\u{201D}", "\u{2019}", "\u{00BB}"]
    private static let blockMarkers: Set<Unicode.Scalar> = ["#", "-", "*", "+", ">", "|"]
    private static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "vol", "pp", "approx", "incl",
    ]

    /// Sentence ranges within `range`, trimmed of whitespace, in order, not overlapping.
    func sentences(in range: Range<Int>) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        func close(at end: Int) {
            let sentence = text.trimmed(start..<end)
            if !sentence.isEmpty { sentences.append(sentence) }
            start = end
        }
        while index < range.upperBound {
            let scalar = text.scalars[index]
            if scalar == "\n", breaksAtLine(after: index, limit: range.upperBound) || isHeadingLine(endingAt: index, from: start) {
                close(at: index)
            } else if Self.fullWidthTerminals.contains(scalar) {
                close(at: index + 1)
            } else if Self.terminals.contains(scalar) {
                var end = index + 1
                while end < range.upperBound, Self.terminals.contains(text.scalars[end]) || Self.closers.contains(text.scalars[end]) { end += 1 }
                if endsSentence(terminalAt: index, end: end, limit: range.upperBound) {
                    close(at: end)
                    index = end
                    continue
                }
                index = end
                continue
            }
            index += 1
        }
        close(at: range.upperBound)
        return sentences
    }

    /// A blank line, or a line that starts a Markdown block, ends the sentence before it.
    private func breaksAtLine(after newline: Int, limit: Int) -> Bool {
        var next = newline + 1
        while next < limit, text.scalars[next] == " " || text.scalars[next] == "\t" || text.scalars[next] == "\r" { next += 1 }
        guard next < limit else { return true }
        let scalar = text.scalars[next]
        if scalar == "\n" { return true }
        guard Self.blockMarkers.contains(scalar) else { return false }
        // "- item" and "# Title" start blocks; "-1" and "#define" do not.
        return next + 1 < limit && (text.isWhitespace(next + 1) || (scalar == "#" && text.scalars[next + 1] == "#"))
    }

    /// A Markdown heading ("# Title") is a sentence of its own even without a stop.
    private func isHeadingLine(endingAt newline: Int, from lowerLimit: Int) -> Bool {
        var lineStart = newline
        while lineStart > lowerLimit, text.scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        while lineStart < newline, text.scalars[lineStart] == " " { lineStart += 1 }
        var hashes = lineStart
        while hashes < newline, text.scalars[hashes] == "#" { hashes += 1 }
        return hashes > lineStart && hashes < newline && text.isWhitespace(hashes)
    }

    private func endsSentence(terminalAt index: Int, end: Int, limit: Int) -> Bool {
        guard end < limit else { return true }
        guard text.isWhitespace(end) else { return false }
        if text.scalars[index] == "." && isAbbreviation(before: index) { return false }
        var next = end
        while next < limit, text.isWhitespace(next) { next += 1 }
        guard next < limit else { return true }
        let first = text.scalars[next].properties
        // A lower-case continuation ("see p. 4 for more", "approx. ten") stays in the sentence.
        return !first.isLowercase
    }

    private func isAbbreviation(before period: Int) -> Bool {
        var start = period
        while start > 0, !text.isWhitespace(start - 1), text.scalars[start - 1] != "(" { start -= 1 }
        let word = text.string(start..<period).lowercased()
        if word.unicodeScalars.count == 1, word.unicodeScalars.first!.properties.isAlphabetic { return true }
        return Self.abbreviations.contains(word)
    }
}
