/// A strict JSON (RFC 8259) parser that keeps each value's position, member order and number
/// literals, and reports the first syntax error with its offset.
///
/// Foundation's parser neither keeps positions nor says reliably where the input broke, and
/// pipeline errors must point at a line and column.
struct JSONParser {
    struct SyntaxError: Error, Sendable {
        var message: String
        var offset: Int
    }

    /// Deeper nesting than this is refused rather than risking the stack.
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        // A UTF-8 byte-order mark is tolerated: editors on some systems write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        parser.skipWhitespace()
        let node = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw SyntaxError(message: "unexpected \(parser.describeCurrent()) after the end of the document", offset: parser.position)
        }
        return node
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func describeCurrent() -> String {
        guard let byte = current else { return "end of file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return byte < 0x80 ? "character 0x\(String(byte, radix: 16))" : "non-ASCII text"
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONNode {
        let start = position
        guard let byte = current else { throw SyntaxError(message: "expected a value, found end of file", offset: position) }
        switch byte {
        case UInt8(ascii: "{"): return JSONNode(value: try parseObject(), offset: start)
        case UInt8(ascii: "["): return JSONNode(value: try parseArray(), offset: start)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), offset: start)
        case UInt8(ascii: "t"): try expectWord("true"); return JSONNode(value: .bool(true), offset: start)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONNode(value: .bool(false), offset: start)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONNode(value: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONNode(value: .number(try parseNumber()), offset: start)
        default: throw SyntaxError(message: "expected a value, found \(describeCurrent())", offset: position)
        }
    }

    private mutating func expectWord(_ word: String) throws(SyntaxError) {
        let start = position
        for byte in word.utf8 {
            guard current == byte else { throw SyntaxError(message: "expected a value, found \(describeWord(from: start))", offset: start) }
            position += 1
        }
    }

    private func describeWord(from start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 20, bytes[end] > 0x20, !",:]}".utf8.contains(bytes[end]) { end += 1 }
        return "'\(String(decoding: bytes[start..<end], as: UTF8.self))'"
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw SyntaxError(message: "nesting deeper than \(Self.maximumDepth) levels", offset: position)
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw SyntaxError(message: "expected a key in double quotes, found \(describeCurrent())", offset: position)
            }
            let keyOffset = position
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw SyntaxError(message: "duplicate key \"\(key)\"", offset: keyOffset)
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw SyntaxError(message: "expected ':' after key \"\(key)\", found \(describeCurrent())", offset: position)
            }
            position += 1
            skipWhitespace()
            members.append(JSONNode.Member(key: key, keyOffset: keyOffset, value: try parseValue()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw SyntaxError(message: "expected ',' or '}' in object, found \(describeCurrent())", offset: position)
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        position += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(items)
            default: throw SyntaxError(message: "expected ',' or ']' in array, found \(describeCurrent())", offset: position)
            }
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") else {
            throw SyntaxError(message: "expected a digit, found \(describeCurrent())", offset: position)
        }
        if first == UInt8(ascii: "0") { position += 1 } else { skipDigits() }
        if current == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() else { throw SyntaxError(message: "expected a digit after '.', found \(describeCurrent())", offset: position) }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() else { throw SyntaxError(message: "expected a digit in exponent, found \(describeCurrent())", offset: position) }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { position += 1 }
        return position > start
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let start = position
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars) }
        while true {
            guard let byte = current else { throw SyntaxError(message: "unterminated string", offset: start) }
            switch byte {
            case UInt8(ascii: "\""):
                flush(position)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(position)
                position += 1
                scalars.append(try parseEscape())
                runStart = position
            case 0..<0x20:
                throw SyntaxError(message: "control character 0x\(String(byte, radix: 16)) in string (write it escaped)", offset: position)
            default:
                position += 1
            }
        }
    }

    private mutating func parseEscape() throws(SyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw SyntaxError(message: "unterminated escape", offset: position) }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw SyntaxError(message: "unpaired surrogate \\u\(String(high, radix: 16))", offset: position)
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw SyntaxError(message: "invalid low surrogate \\u\(String(low, radix: 16))", offset: position)
                }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else {
                throw SyntaxError(message: "unpaired surrogate \\u\(String(high, radix: 16))", offset: position)
            }
            return scalar
        default:
            throw SyntaxError(message: "invalid escape sequence in string", offset: position - 2)
        }
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else {
                throw SyntaxError(message: "expected 4 hex digits after \\u, found \(describeCurrent())", offset: position)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
