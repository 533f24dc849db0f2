/// Where `text` holds code: fenced blocks (lines opening and closing with ```) and inline
/// `backtick` spans. Citations are not looked for there, and sentences are not cut there.
package enum CodeSpans {
    package static func ranges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        var atLineStart = true
        while index < text.endIndex {
            let character = text[index]
            if atLineStart, text[index...].hasPrefix("```") {
                // A fence runs to the closing fence at a line start, or to the end of the text.
                let afterOpen = text.index(index, offsetBy: 3)
                var end = text.endIndex
                if let close = text[afterOpen...].range(of: "\n```") {
                    end = text[close.upperBound...].firstIndex(of: "\n") ?? text.endIndex
                }
                ranges.append(index..<end)
                index = end
                continue
            }
            if character == "`" {
                let afterOpen = text.index(after: index)
                // An inline span closes on the same line; a lone backtick is just a character.
                if let close = text[afterOpen...].firstIndex(where: { $0 == "`" || $0 == "\n" }), text[close] == "`" {
                    ranges.append(index..<text.index(after: close))
                    index = text.index(after: close)
                    atLineStart = false
                    continue
                }
            }
            atLineStart = character.isNewline || (atLineStart && (character == " " || character == "\t"))
            index = text.index(after: index)
        }
        return ranges
    }
}
