/// JSON in and out of `JinjaValue`, keeping object keys in order: `encode` writes what Python's
/// `json.dumps(value, ensure_ascii=False, indent=indent)` writes; `decode` reads conversations.
package enum JinjaJSON {
    package static func encode(_ value: JinjaValue, indent: Int? = nil, sortKeys: Bool = false) -> String {
        var out = ""
        write(value, indent: indent, level: 0, sortKeys: sortKeys, into: &out)
        return out
    }

    private static func write(_ value: JinjaValue, indent: Int?, level: Int, sortKeys: Bool, into out: inout String) {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let itemSeparator = indent == nil ? ", " : ","
        switch value {
        case .undefined, .none, .callable: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isNaN ? "NaN" : d.isInfinite ? (d > 0 ? "Infinity" : "-Infinity") : JinjaValue.pythonFloat(d)
        case .string(let s): quote(s, into: &out)
        case .array(let a):
            guard !a.isEmpty else { out += "[]"; return }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += itemSeparator }
                out += newline ?? ""
                write(v, indent: indent, level: level + 1, sortKeys: sortKeys, into: &out)
            }
            out += closing + "]"
        case .object(let o):
            writeObject(o, indent: indent, level: level, sortKeys: sortKeys, into: &out)
        case .namespace(let ns):
            writeObject(ns.values, indent: indent, level: level, sortKeys: sortKeys, into: &out)
        }

        func writeObject(_ o: JinjaObject, indent: Int?, level: Int, sortKeys: Bool, into out: inout String) {
            guard !o.keys.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, k) in (sortKeys ? o.keys.sorted() : o.keys).enumerated() {
                if i > 0 { out += itemSeparator }
                out += newline ?? ""
                quote(k, into: &out)
                out += ": "
                write(o[k], indent: indent, level: level + 1, sortKeys: sortKeys, into: &out)
            }
            out += closing + "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Parses JSON text into a `JinjaValue` (objects keep their key order).
    package static func decode(_ text: String) throws -> JinjaValue {
        var parser = Parser(chars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.i == parser.chars.count else { throw JinjaError("JSON: trailing characters at \(parser.i)") }
        return value
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0

        mutating func skipSpace() {
            while i < chars.count, chars[i] == " " || chars[i] == "\n" || chars[i] == "\t" || chars[i] == "\r" { i += 1 }
        }

        mutating func value() throws -> JinjaValue {
            skipSpace()
            guard i < chars.count else { throw JinjaError("JSON: unexpected end") }
            switch chars[i] {
            case "{":
                i += 1
                var o = JinjaObject()
                skipSpace()
                if i < chars.count, chars[i] == "}" { i += 1; return .object(o) }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw JinjaError("JSON: object key must be a string at \(i)") }
                    skipSpace()
                    guard i < chars.count, chars[i] == ":" else { throw JinjaError("JSON: expected ':' at \(i)") }
                    i += 1
                    o[key] = try value()
                    skipSpace()
                    guard i < chars.count else { throw JinjaError("JSON: unexpected end") }
                    if chars[i] == "," { i += 1; continue }
                    guard chars[i] == "}" else { throw JinjaError("JSON: expected '}' at \(i)") }
                    i += 1
                    return .object(o)
                }
            case "[":
                i += 1
                var a: [JinjaValue] = []
                skipSpace()
                if i < chars.count, chars[i] == "]" { i += 1; return .array(a) }
                while true {
                    a.append(try value())
                    skipSpace()
                    guard i < chars.count else { throw JinjaError("JSON: unexpected end") }
                    if chars[i] == "," { i += 1; continue }
                    guard chars[i] == "]" else { throw JinjaError("JSON: expected ']' at \(i)") }
                    i += 1
                    return .array(a)
                }
            case "\"":
                i += 1
                var s = String.UnicodeScalarView()
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        i += 1
                        switch chars[i] {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        case "r": s.append("\r")
                        case "b": s.append("\u{08}")
                        case "f": s.append("\u{0C}")
                        case "u":
                            var code = try hex4()
                            if (0xD800..<0xDC00).contains(code), i + 2 < chars.count, chars[i + 1] == "\\", chars[i + 2] == "u" {
                                i += 2
                                let low = try hex4()
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            }
                            s.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                        default: s.append(chars[i])
                        }
                    } else {
                        s.append(chars[i])
                    }
                    i += 1
                }
                guard i < chars.count else { throw JinjaError("JSON: unterminated string") }
                i += 1
                return .string(String(s))
            default:
                let start = i
                while i < chars.count, !",]} \n\t\r".unicodeScalars.contains(chars[i]) { i += 1 }
                let word = String(String.UnicodeScalarView(chars[start..<i]))
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .none
                default:
                    if let n = Int(word) { return .int(n) }
                    if let d = Double(word) { return .double(d) }
                    throw JinjaError("JSON: bad value '\(word)' at \(start)")
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 < chars.count, let code = UInt32(String(String.UnicodeScalarView(chars[(i + 1)...(i + 4)])), radix: 16)
            else { throw JinjaError("JSON: bad \\u escape at \(i)") }
            i += 4
            return code
        }
    }
}
