/// Removes the running headers and footers of paged documents (PDF): lines at the top or bottom
/// of a page that recur, numbers aside, on at least `minimumFraction` of the pages (and on two
/// pages at least), and lines that only give the page number ("7", "- 7 -", "Page 7 of 40",
/// "vii", or the page's label).
///
/// Only the outermost lines of each page are considered (up to ``edgeLines`` from each end):
/// running lines are removed wherever they sit among them (poppler sometimes reads a margin
/// column before the header), page numbers only while nothing but headers or footers lies
/// between them and the edge, so body text that happens to repeat is kept. Documents without
/// page spans pass through unchanged.
///
/// ```swift
/// let cleaned = try RunningHeaderRemover().clean(pdfDocument)
/// // "BASH(1) General Commands Manual BASH(1)" is gone from every page
/// ```
public struct RunningHeaderRemover: DocumentCleaner {
    /// Fraction of pages a line must appear on (numbers ignored) to count as running.
    public var minimumFraction: Double
    /// How many non-blank lines at each end of a page may be headers or footers.
    public var edgeLines = 5

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
                var removed: [Line] = []
                // From each edge inwards: running lines go wherever they sit in the edge region
                // (poppler may read a margin column before the header); page numbers only
                // while nothing but headers and footers came before them.
                for region in [Array(page.lines.prefix(edgeLines)), page.lines.suffix(edgeLines).reversed()] {
                    var onlyFurniture = true
                    for line in region where !removed.contains(where: { $0.range == line.range }) {
                        if (pagesWithKey[line.key] ?? 0) >= needed
                            || (onlyFurniture && Self.isPageNumber(line, scalars: scalars, span: page.span)) {
                            removed.append(line)
                        } else {
                            onlyFurniture = false
                        }
                    }
                }
                for line in removed.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
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
            while low < high, scalars[low].isWhitespaceQuick { low += 1 }
            while high > low, scalars[high - 1].isWhitespaceQuick { high -= 1 }
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

    /// Whether a line only gives a page number: the page's own number or label, or a number in
    /// page-number dress ("Page 7", "- 7 -", "7 of 40", "7/40"). A bare number must be the page's
    /// own, so that a list marker like "2." at the top of page 9 stays.
    private static func isPageNumber(_ line: Line, scalars: [Unicode.Scalar], span: TextSpan) -> Bool {
        let text = String(String.UnicodeScalarView(scalars[line.range]))
        guard text.count <= 24 else { return false }
        if let label = span.pageLabel, text == label { return true }
        var words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        var dressed = text.first == "-" || text.first == "\u{2013}" || text.first == "\u{2014}"
        if words.first == "page" || words.first == "p" {
            words.removeFirst()
            dressed = true
        }
        if words.count == 3, words[1] == "of" { words = [words[0], words[2]] }
        if words.count == 2 { dressed = true }
        guard (1...2).contains(words.count), words.allSatisfy({ $0.allSatisfy(\.isNumber) || isRoman($0) }) else {
            return false
        }
        guard let page = span.page else { return dressed }
        return dressed || words[0] == String(page) || words[0] == roman(page)
    }

    private static func isRoman(_ word: String) -> Bool {
        word.wholeMatch(of: #/m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})/#) != nil
    }

    private static func roman(_ number: Int) -> String {
        let values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
            (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        var rest = number, result = ""
        for (value, digits) in values {
            while rest >= value {
                result += digits
                rest -= value
            }
        }
        return result
    }
}
