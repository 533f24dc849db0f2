import Foundation

/// An inline citation in an answer: `[2]`, `[1, 3]`, `[1; 2]` or `[2-4]`; `[1][2]` is two.
///
/// Brackets inside code (`` `argv[1]` ``, fenced blocks) are not citations, nor are brackets
/// glued to an identifier or a variable (`a_b[1]`, `${x[1]}`, `x1[2]`).
package struct CitationMarker: Sendable, Hashable {
    /// The source numbers it cites, in the order written.
    package var numbers: [Int]
    /// Where it is, brackets included.
    package var range: Range<String.Index>

    /// Ranges written `[2-4]` are expanded up to this many numbers; a longer one is not a
    /// citation.
    static let maximumRangeLength = 20

    /// Every citation marker in `text`, in order.
    package static func find(in text: String) -> [CitationMarker] {
        let code = CodeSpans.ranges(in: text)
        var markers: [CitationMarker] = []
        var index = text.startIndex
        var previous: Character?
        var nextCode = 0
        while index < text.endIndex {
            while nextCode < code.count, code[nextCode].upperBound <= index { nextCode += 1 }
            if nextCode < code.count, code[nextCode].contains(index) {
                let span = code[nextCode]
                index = span.upperBound
                previous = "`"
                continue
            }
            let character = text[index]
            if character == "[", mayPrecede(previous), !followsVariable(text, at: index), let marker = parse(text, at: index) {
                markers.append(marker)
                index = marker.range.upperBound
                previous = "]"
                continue
            }
            previous = character
            index = text.index(after: index)
        }
        return markers
    }

    /// `text` without its citation markers, with the spaces they leave collapsed.
    package static func removingMarkers(from text: Substring) -> String {
        let string = String(text)
        var result = ""
        var last = string.startIndex
        for marker in find(in: string) {
            result += string[last..<marker.range.lowerBound]
            last = marker.range.upperBound
        }
        result += string[last...]
        return result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: " .", with: ".").replacingOccurrences(of: " ,", with: ",")
    }

    private static func mayPrecede(_ character: Character?) -> Bool {
        guard let character else { return true }
        if character == "_" || character == "$" || character == "{" || character == "[" || character.isNumber { return false }
        return true
    }

    /// True when the bracket at `index` subscripts a shell or template variable (`$a[1]`,
    /// `${names[2]}`): an identifier right before it that itself follows `$` or `{`.
    private static func followsVariable(_ text: String, at index: String.Index) -> Bool {
        var start = index
        while start > text.startIndex {
            let previous = text.index(before: start)
            guard text[previous].isLetter || text[previous].isNumber || text[previous] == "_" else { break }
            start = previous
        }
        guard start < index, start > text.startIndex else { return false }
        let before = text[text.index(before: start)]
        return before == "$" || before == "{"
    }

    /// The marker opening at `start`, or nil when the brackets hold anything but numbers.
    private static func parse(_ text: String, at start: String.Index) -> CitationMarker? {
        var numbers: [Int] = []
        var index = text.index(after: start)
        var pendingRangeStart: Int?
        var expectingNumber = true
        while index < text.endIndex {
            let character = text[index]
            if character == "]" {
                guard !expectingNumber, pendingRangeStart == nil, !numbers.isEmpty else { return nil }
                return CitationMarker(numbers: numbers, range: start..<text.index(after: index))
            }
            if let digit = character.wholeNumberValue, character.isASCII {
                var value = digit
                var next = text.index(after: index)
                while next < text.endIndex, let more = text[next].wholeNumberValue, text[next].isASCII {
                    value = value * 10 + more
                    next = text.index(after: next)
                    guard value < 1_000_000 else { return nil }
                }
                guard expectingNumber else { return nil }
                if let from = pendingRangeStart {
                    guard from < value, value - from < maximumRangeLength else { return nil }
                    numbers += Array((from + 1)...value)
                    pendingRangeStart = nil
                } else {
                    numbers.append(value)
                }
                expectingNumber = false
                index = next
                continue
            }
            switch character {
            case " ":
                break
            case ",", ";":
                guard !expectingNumber else { return nil }
                expectingNumber = true
            case "-", "\u{2013}":
                guard !expectingNumber, pendingRangeStart == nil, let last = numbers.last else { return nil }
                pendingRangeStart = last
                expectingNumber = true
            default:
                return nil
            }
            index = text.index(after: index)
        }
        return nil
    }
}
