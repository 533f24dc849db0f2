/// A document's text as an array of Unicode scalars, the unit of every chunk range, with the
/// small scans chunkers share.
struct ScalarText {
    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var count: Int { scalars.count }

    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    func isWhitespace(_ index: Int) -> Bool { scalars[index].properties.isWhitespace }

    /// `range` without whitespace at either end; empty when it is all whitespace.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isWhitespace(lower) { lower += 1 }
        while upper > lower, isWhitespace(upper - 1) { upper -= 1 }
        return lower..<upper
    }

    /// Maximal runs of non-whitespace scalars within `range`.
    func words(in range: Range<Int>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        for index in range {
            if isWhitespace(index) {
                if let begin = start { words.append(begin..<index); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let begin = start { words.append(begin..<range.upperBound) }
        return words
    }
}
