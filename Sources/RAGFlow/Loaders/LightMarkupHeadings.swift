/// Finds the headings of Markdown (ATX `#` and setext underlines) and reStructuredText
/// (underlined and overlined titles) text, skipping fenced code blocks.
enum LightMarkupHeadings {
    /// One line of the text, as Unicode-scalar offsets, without its line break.
    struct Line {
        var start: Int
        var end: Int
    }

    static func lines(of scalars: [Unicode.Scalar]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            let end = index > start && scalars[index - 1] == "\r" ? index - 1 : index
            lines.append(Line(start: start, end: end))
            start = index + 1
        }
        if start < scalars.count { lines.append(Line(start: start, end: scalars.count)) }
        return lines
    }

    static func markdown(_ scalars: [Unicode.Scalar]) -> SectionMap {
        var map = SectionMap()
        let lines = lines(of: scalars)
        var fence: Unicode.Scalar?
        var previousIsParagraph = false
        for (number, line) in lines.enumerated() {
            let content = Array(scalars[line.start..<line.end])
            let indent = content.prefix { $0 == " " }.count
            let body = content.dropFirst(indent)
            if indent <= 3, let marker = body.first, marker == "`" || marker == "~",
                body.prefix(while: { $0 == marker }).count >= 3 {
                if fence == nil { fence = marker } else if fence == marker { fence = nil }
                previousIsParagraph = false
                continue
            }
            if fence != nil { continue }
            if indent <= 3, body.first == "#" {
                let hashes = body.prefix { $0 == "#" }.count
                let rest = body.dropFirst(hashes)
                if hashes <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" {
                    var title = trimmed(String(String.UnicodeScalarView(rest)))
                    // A closing run of `#` is decoration when a space separates it from the title.
                    let open = title.trimmingSuffix(while: { $0 == "#" })
                    if open.isEmpty || open.last == " " { title = trimmed(String(open)) }
                    map.add(offset: line.start, level: hashes, title: title)
                    previousIsParagraph = false
                    continue
                }
            }
            if indent <= 3, previousIsParagraph, let marker = body.first, marker == "=" || marker == "-" {
                let run = body.prefix { $0 == marker }.count
                if body.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) {
                    let titleLine = lines[number - 1]
                    let title = String(String.UnicodeScalarView(scalars[titleLine.start..<titleLine.end]))
                    map.add(offset: titleLine.start, level: marker == "=" ? 1 : 2, title: trimmed(title))
                    previousIsParagraph = false
                    continue
                }
            }
            let blank = body.allSatisfy { $0 == " " || $0 == "\t" }
            let startsBlock = body.first.map { "-*+>|".unicodeScalars.contains($0) } ?? false
            previousIsParagraph = !blank && !startsBlock && indent < 4
        }
        return map
    }

    private static let adornments = Set("=-~^\"'`#*+_:.!$%&,/;<>?@[\\]|".unicodeScalars)

    static func restructuredText(_ scalars: [Unicode.Scalar]) -> SectionMap {
        var map = SectionMap()
        let lines = lines(of: scalars)
        var styles: [String] = []
        func adornment(_ line: Line) -> Unicode.Scalar? {
            let content = scalars[line.start..<line.end]
            guard let first = content.first, adornments.contains(first), content.count >= 2,
                content.allSatisfy({ $0 == first }) else { return nil }
            return first
        }
        var number = 1
        while number < lines.count {
            let line = lines[number], titleLine = lines[number - 1]
            let title = trimmed(String(String.UnicodeScalarView(scalars[titleLine.start..<titleLine.end])))
            if let marker = adornment(line), !title.isEmpty, adornment(titleLine) == nil,
                line.end - line.start >= title.unicodeScalars.count {
                let overlined = number >= 2 && adornment(lines[number - 2]) == marker
                let style = "\(overlined ? "over" : "")\(marker)"
                if !styles.contains(style) { styles.append(style) }
                let level = styles.firstIndex(of: style)! + 1
                map.add(offset: overlined ? lines[number - 2].start : titleLine.start, level: level, title: title)
                number += 2
                continue
            }
            number += 1
        }
        return map
    }

    static func trimmed(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).trimmingSuffix(while: \.isWhitespace))
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
