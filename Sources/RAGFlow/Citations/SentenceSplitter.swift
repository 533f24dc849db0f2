/// Cuts text into sentences, as ranges of the original string so that any sentence can be
/// quoted verbatim.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes, brackets and citation
/// markers that follow) when whitespace and then no lower-case letter comes next; at a blank
/// line; before a list item; around a fenced code block. It does not end after an
/// abbreviation ("e.g.", "Dr."), an initial ("J. Smith"), a list number ("1."), inside a
/// number ("3.14"), a path or a name ("./configure", "file.txt"), or inside inline code.
/// A citation marker right before or after the stop ends the sentence whatever follows, as a
/// generator's answer often goes on in lower case.
package enum SentenceSplitter {
    package static func sentences(in text: String) -> [Range<String.Index>] {
        var splitter = Scan(text: text)
        return splitter.run()
    }

    /// Lower-cased words that a period follows without ending a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "cf", "fig", "figs", "no", "nos",
        "vol", "p", "pp", "ch", "sec", "ed", "eds", "approx", "inc", "ltd", "co", "corp", "al",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "eq", "ref", "resp", "viz", "ca", "min", "max", "e.g", "i.e", "a.m", "p.m", "u.s",
    ]

    private static let terminators: Set<Character> = [".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}"]
    private static let closers: Set<Character> = ["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "\u{BB}", "*", "_"]

    private struct Scan {
        let text: String
        let code: [Range<String.Index>]
        let markerStarts: [String.Index: String.Index]
        let markerEnds: Set<String.Index>
        var sentences: [Range<String.Index>] = []
        var start: String.Index

        init(text: String) {
            self.text = text
            code = CodeSpans.ranges(in: text)
            let markers = CitationMarker.find(in: text)
            markerStarts = Dictionary(markers.map { ($0.range.lowerBound, $0.range.upperBound) }, uniquingKeysWith: { a, _ in a })
            markerEnds = Set(markers.map(\.range.upperBound))
            start = text.startIndex
        }

        mutating func run() -> [Range<String.Index>] {
            var index = text.startIndex
            var nextCode = 0
            while index < text.endIndex {
                while nextCode < code.count, code[nextCode].upperBound <= index { nextCode += 1 }
                if nextCode < code.count, code[nextCode].contains(index) {
                    let span = code[nextCode]
                    if text[span].hasPrefix("```") {
                        cut(at: span.lowerBound)
                        cut(at: span.upperBound)
                    }
                    index = span.upperBound
                    continue
                }
                let character = text[index]
                if character.isNewline {
                    if startsNewBlock(after: index) { cut(at: index) }
                    index = text.index(after: index)
                } else if terminators.contains(character) {
                    index = endOfSentence(at: index)
                } else {
                    index = text.index(after: index)
                }
            }
            cut(at: text.endIndex)
            return sentences
        }

        /// Ends the current sentence at `end` (if it holds anything) and starts the next there.
        mutating func cut(at end: String.Index) {
            guard end > start else { return }
            let piece = text[start..<end]
            if let first = piece.firstIndex(where: { !$0.isWhitespace }),
               let last = piece.lastIndex(where: { !$0.isWhitespace }) {
                sentences.append(first..<text.index(after: last))
            }
            start = end
        }

        /// Handles the stop at `index`: cuts when it ends a sentence; returns where to go on.
        mutating func endOfSentence(at index: String.Index) -> String.Index {
            var end = index
            while end < text.endIndex, terminators.contains(text[end]) { end = text.index(after: end) }
            let isSinglePeriod = text[index] == "." && text.index(after: index) == end
            var citedHere = markerEnds.contains(trimmingSpaces(before: index))
            // Closing quotes, brackets and emphasis, and citation markers, belong to the sentence.
            while end < text.endIndex {
                if closers.contains(text[end]), markerStarts[end] == nil {
                    end = text.index(after: end)
                } else if let markerEnd = markerStarts[skippingSpaces(from: end)] {
                    end = markerEnd
                    citedHere = true
                } else {
                    break
                }
            }
            guard end == text.endIndex || text[end].isWhitespace else { return end }
            if !citedHere {
                if isSinglePeriod, isAbbreviation(before: index) { return end }
                let next = skippingWhitespace(from: end)
                if next < text.endIndex, text[next].isLowercase { return end }
            }
            cut(at: end)
            return end
        }

        func isAbbreviation(before period: String.Index) -> Bool {
            var first = period
            while first > start {
                let previous = text.index(before: first)
                guard text[previous].isLetter || text[previous].isNumber || text[previous] == "." else { break }
                first = previous
            }
            let word = text[first..<period]
            guard !word.isEmpty else { return false }
            if word.count == 1, word.first!.isUppercase { return true }
            if word.allSatisfy(\.isNumber) {
                // "1." opening a line or a sentence is a list or section number.
                let lineStart = text[..<first].lastIndex(where: \.isNewline).map { text.index(after: $0) } ?? text.startIndex
                return text[max(lineStart, start)..<first].allSatisfy(\.isWhitespace)
            }
            let lower = word.lowercased()
            if abbreviations.contains(lower) { return true }
            // "e.g", "U.S.A": letters separated by periods.
            return lower.contains(".") && lower.split(separator: ".").allSatisfy { $0.count <= 2 }
        }

        /// True when the line after the newline at `index` is blank or opens a list item or a
        /// heading, or the line before ends in ":".
        func startsNewBlock(after index: String.Index) -> Bool {
            // A line ending in ":" leads in to what follows, on its own.
            if let last = text[start..<index].last(where: { !$0.isWhitespace }), last == ":" { return true }
            let lineStart = text.index(after: index)
            let lineEnd = text[lineStart...].firstIndex(where: \.isNewline) ?? text.endIndex
            let line = text[lineStart..<lineEnd].drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty { return true }
            if line.hasPrefix("#") || line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ")
                || line.hasPrefix("\u{2022}") {
                return true
            }
            let digits = line.prefix(while: \.isNumber)
            guard !digits.isEmpty, digits.count <= 3 else { return false }
            let rest = line.dropFirst(digits.count)
            return rest.hasPrefix(". ") || rest.hasPrefix(") ")
        }

        func skippingSpaces(from index: String.Index) -> String.Index {
            var i = index
            while i < text.endIndex, text[i] == " " { i = text.index(after: i) }
            return i
        }

        func skippingWhitespace(from index: String.Index) -> String.Index {
            text[index...].firstIndex(where: { !$0.isWhitespace }) ?? text.endIndex
        }

        func trimmingSpaces(before index: String.Index) -> String.Index {
            var i = index
            while i > text.startIndex, text[text.index(before: i)] == " " { i = text.index(before: i) }
            return i
        }
    }
}
