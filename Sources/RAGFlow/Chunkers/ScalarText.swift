/// A document's text as an array of Unicode scalars, the unit of every chunk range, with the
/// small scans chunkers share.
struct ScalarText {
    let scalars: [Unicode.Scalar]
    /// How the word estimate sees each scalar, looked up once.
    let classes: [ScalarClass]

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        let table = ScalarClass.table
        self.classes = scalars.map { ScalarClass($0, table: table) }
        self.scalars = scalars
    }

    var count: Int { scalars.count }

    /// The text of `range`. Encodes UTF-8 by hand: appending scalars to a string one by one
    /// took most of the chunkers' time.
    func string(_ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count + range.count / 4)
        for index in range {
            let scalar = scalars[index]
            if scalar.value < 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func isWhitespace(_ index: Int) -> Bool { classes[index] == .space }

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
