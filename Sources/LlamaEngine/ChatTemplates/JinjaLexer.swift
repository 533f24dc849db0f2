/// Cuts a template into text, `{{ expression }}` and `{% statement %}` segments, applying
/// whitespace control the way Hugging Face renders chat templates: `-` strips, and the
/// environment's `trim_blocks` and `lstrip_blocks` are on.
enum JinjaLexer {
    enum Token: Equatable {
        case name(String)
        case string(String)
        case int(Int)
        case double(Double)
        case op(String)
    }

    enum Segment {
        case text(String)
        case output([Token])
        case statement([Token])
    }

    static func segments(_ source: String) throws -> [Segment] {
        let chars = Array(source.unicodeScalars)
        var segments: [Segment] = []
        var text = String.UnicodeScalarView()
        var i = 0
        var stripNextLeadingWhitespace = false
        var trimNextNewline = false

        func flushText(stripTrailing: Bool, lstrip: Bool, tagStart: Int) {
            var t = Array(text)
            if stripTrailing {
                while let last = t.last, last.properties.isWhitespace { t.removeLast() }
            } else if lstrip {
                // lstrip_blocks: drop spaces and tabs between the line start and the tag, judged
                // on the source (a newline that trim_blocks removed still starts a line).
                var k = tagStart - 1
                while k >= 0, chars[k] == " " || chars[k] == "\t" { k -= 1 }
                if k < 0 || chars[k] == "\n" {
                    while let last = t.last, last == " " || last == "\t" { t.removeLast() }
                }
            }
            if !t.isEmpty { segments.append(.text(String(String.UnicodeScalarView(t)))) }
            text = String.UnicodeScalarView()
        }

        while i < chars.count {
            let c = chars[i]
            if c == "{", i + 1 < chars.count, chars[i + 1] == "{" || chars[i + 1] == "%" || chars[i + 1] == "#" {
                let kind = chars[i + 1]
                var j = i + 2
                let minus = j < chars.count && chars[j] == "-"
                let plus = j < chars.count && chars[j] == "+"
                if minus || plus { j += 1 }
                flushText(stripTrailing: minus, lstrip: kind != "{" && !plus, tagStart: i)
                let close: [Unicode.Scalar] = kind == "{" ? ["}", "}"] : kind == "%" ? ["%", "}"] : ["#", "}"]
                // Find the closing delimiter, skipping string literals in expressions.
                var k = j
                var quote: Unicode.Scalar?
                while k + 1 < chars.count {
                    if kind != "#" {
                        if let q = quote {
                            if chars[k] == "\\" { k += 2; continue }
                            if chars[k] == q { quote = nil }
                        } else if chars[k] == "'" || chars[k] == "\"" {
                            quote = chars[k]
                        }
                    }
                    if quote == nil, chars[k] == close[0], chars[k + 1] == close[1] { break }
                    k += 1
                }
                guard k + 1 < chars.count else { throw JinjaError("unclosed tag at character \(i)") }
                var bodyEnd = k
                let stripAfter = bodyEnd > j && chars[bodyEnd - 1] == "-"
                if stripAfter { bodyEnd -= 1 }
                let body = String(String.UnicodeScalarView(chars[j..<bodyEnd]))
                if kind == "{" {
                    segments.append(.output(try tokenize(body)))
                } else if kind == "%" {
                    let tokens = try tokenize(body)
                    if tokens == [.name("raw")] {
                        // Everything up to {% endraw %} is text.
                        guard let end = findEndRaw(chars, from: k + 2) else { throw JinjaError("unclosed raw block") }
                        segments.append(.text(String(String.UnicodeScalarView(chars[(k + 2)..<end.textEnd]))))
                        i = end.resume
                        continue
                    }
                    segments.append(.statement(tokens))
                }
                i = k + 2
                stripNextLeadingWhitespace = stripAfter
                trimNextNewline = kind != "{" && !stripAfter
                if stripNextLeadingWhitespace {
                    while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
                } else if trimNextNewline {
                    if i < chars.count, chars[i] == "\n" {
                        i += 1
                    } else if i + 1 < chars.count, chars[i] == "\r", chars[i + 1] == "\n" {
                        i += 2
                    }
                }
                continue
            }
            text.append(c)
            i += 1
        }
        flushText(stripTrailing: false, lstrip: false, tagStart: chars.count)
        return segments
    }

    private static func findEndRaw(_ chars: [Unicode.Scalar], from start: Int) -> (textEnd: Int, resume: Int)? {
        var i = start
        while i + 1 < chars.count {
            if chars[i] == "{", chars[i + 1] == "%" {
                var j = i + 2
                if j < chars.count, chars[j] == "-" { j += 1 }
                while j < chars.count, chars[j] == " " { j += 1 }
                let word = String(String.UnicodeScalarView(chars[j..<min(j + 6, chars.count)]))
                if word == "endraw" {
                    var k = j + 6
                    while k + 1 < chars.count, !(chars[k] == "%" && chars[k + 1] == "}") { k += 1 }
                    return (i, k + 2)
                }
            }
            i += 1
        }
        return nil
    }

    static let operators = ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">",
                            "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "="]

    static func tokenize(_ body: String) throws -> [Token] {
        let s = Array(body.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                var value = String.UnicodeScalarView()
                var j = i + 1
                while j < s.count, s[j] != c {
                    if s[j] == "\\", j + 1 < s.count {
                        j += 1
                        switch s[j] {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "0": value.append("\0")
                        case "\\", "'", "\"": value.append(s[j])
                        case "\n": break
                        default:
                            value.append("\\")
                            value.append(s[j])
                        }
                    } else {
                        value.append(s[j])
                    }
                    j += 1
                }
                guard j < s.count else { throw JinjaError("unterminated string in '\(body)'") }
                tokens.append(.string(String(value)))
                i = j + 1
                continue
            }
            if c.properties.numericType != nil, c.isASCII {
                var j = i
                while j < s.count, s[j].isASCII, s[j].properties.numericType != nil || s[j] == "_" { j += 1 }
                var isDouble = false
                if j + 1 < s.count, s[j] == ".", s[j + 1].isASCII, s[j + 1].properties.numericType != nil {
                    isDouble = true
                    j += 1
                    while j < s.count, s[j].isASCII, s[j].properties.numericType != nil { j += 1 }
                }
                let literal = String(String.UnicodeScalarView(s[i..<j])).replacing("_", with: "")
                tokens.append(isDouble ? .double(Double(literal) ?? 0) : .int(Int(literal) ?? 0))
                i = j
                continue
            }
            if c == "_" || c.properties.isAlphabetic {
                var j = i
                while j < s.count, s[j] == "_" || s[j].properties.isAlphabetic || (s[j].isASCII && s[j].properties.numericType != nil) { j += 1 }
                tokens.append(.name(String(String.UnicodeScalarView(s[i..<j]))))
                i = j
                continue
            }
            let rest = String(String.UnicodeScalarView(s[i..<min(i + 2, s.count)]))
            guard let op = operators.first(where: { rest.hasPrefix($0) }) else {
                throw JinjaError("unexpected character '\(c)' in '\(body)'")
            }
            tokens.append(.op(op))
            i += op.unicodeScalars.count
        }
        return tokens
    }
}
