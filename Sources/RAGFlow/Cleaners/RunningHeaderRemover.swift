/// Removes the running headers and footers of paged documents (PDF): lines at the top or bottom
/// of a page that recur, numbers aside, on at least `minimumFraction` of the pages (and on two
/// pages at least), and lines that only give the page number ("7", "- 7 -", "Page 7 of 40",
/// "vii", or the page's label).
///
/// Only the outermost lines of each page are considered (up to ``edgeLines`` from each end), and
/// removal stops at the first line that is not a header, so body text that happens to repeat is
/// kept. Documents without page spans pass through unchanged.
///
/// ```swift
/// let cleaned = try RunningHeaderRemover().clean(pdfDocument)
/// // "BASH(1) General Commands Manual BASH(1)" is gone from every page
/// ```
public struct RunningHeaderRemover: DocumentCleaner {
    /// Fraction of pages a line must appear on (numbers ignored) to count as running.
    public var minimumFraction: Double
    /// How many non-blank lines at each end of a page may be headers or footers.
    public var edgeLines = 3

    public init(minimumFraction: Double = 0.5) {
        self.minimumFraction = minimumFraction
    }

    private struct Line {
        var range: Range<Int>
        var key: String
    }

    public func clean(_ document: Document) throws -> Document {
        let pagedSpans = document.spans.filter { $0.page != nil }
        guard !pagedSpans.isEmpty else { return document }
        return rewrite(document) { rewriter in
            let scalars = rewriter.source
            let pages = pagedSpans.map { span in
                (span: span, lines: Self.lines(scalars, in: span.range))
            }
            var pagesWithKey: [String: Int] = [:]
            for page in pages {
                let edges = Set(page.lines.prefix(edgeLines).map(\.key) + page.lines.suffix(edgeLines).map(\.key))
                for key in edges { pagesWithKey[key, default: 0] += 1 }
            }
            let needed = max(2, Int((minimumFraction * Double(pages.count)).rounded(.up)))
            for page in pages {
                func removable(_ line: Line) -> Bool {
                    (pagesWithKey[line.key] ?? 0) >= needed
                        || Self.isPageNumber(line, scalars: scalars, span: page.span)
                }
                var top = 0
                while top < min(edgeLines, page.lines.count), removable(page.lines[top]) { top += 1 }
                var bottom = page.lines.count
                while bottom > top, page.lines.count - bottom < edgeLines, removable(page.lines[bottom - 1]) {
                    bottom -= 1
                }
                for line in page.lines[..<top] + page.lines[bottom...] {
                    // Take the line break with the line, unless it would leave the page.
                    let end = line.range.upperBound < page.span.range.upperBound
                        && scalars[line.range.upperBound] == "\n" ? line.range.upperBound + 1 : line.range.upperBound
                    rewriter.delete(line.range.lowerBound..<end)
                }
            }
        }
    }

    /// The non-blank lines of `range`, each with a comparison key: trimmed, lower-cased, inner
    /// whitespace collapsed and every run of digits replaced by `#`.
    private static func lines(_ scalars: [Unicode.Scalar], in range: Range<Int>) -> [Line] {
        var lines: [Line] = []
        var start = range.lowerBound
        for index in range.lowerBound...range.upperBound where index == range.upperBound || scalars[index] == "\n" {
            var low = start, high = index
            while low < high, scalars[low].properties.isWhitespace { low += 1 }
            while high > low, scalars[high - 1].properties.isWhitespace { high -= 1 }
            if low < high { lines.append(Line(range: low..<high, key: key(scalars[low..<high]))) }
            start = index + 1
        }
        return lines
    }

    private static func key(_ line: ArraySlice<Unicode.Scalar>) -> String {
        var key = ""
        var inNumber = false
        for character in String(String.UnicodeScalarView(line)).lowercased() {
            if character.isNumber {
                if !inNumber { key.append("#") }
                inNumber = true
            } else {
                key.append(character)
                inNumber = false
            }
        }
        return key.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func isPageNumber(_ line: Line, scalars: [Unicode.Scalar], span: TextSpan) -> Bool {
        let text = String(String.UnicodeScalarView(scalars[line.range]))
        if let label = span.pageLabel, text == label { return true }
        if let page = span.page, text == String(page) { return true }
        var words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        if words.first == "page" || words.first == "p" { words.removeFirst() }
        if words.count == 3, words[1] == "of" { words = [words[0], words[2]] }
        guard (1...2).contains(words.count), text.count <= 24 else { return false }
        return words.allSatisfy { word in
            word.allSatisfy(\.isNumber) || word.wholeMatch(of: #/m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})/#) != nil
        }
    }
}
