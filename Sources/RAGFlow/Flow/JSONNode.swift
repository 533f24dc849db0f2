/// A parsed JSON value that remembers where it was written, so that pipeline errors can point at
/// a line and column. Objects keep their members in written order.
struct JSONNode: Sendable {
    indirect enum Value: Sendable {
        case null
        case bool(Bool)
        /// The number exactly as written, so that integers decode without passing through `Double`.
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([Member])
    }

    /// An object member; `keyOffset` is where its key's opening quote is.
    struct Member: Sendable {
        var key: String
        var keyOffset: Int
        var value: JSONNode
    }

    var value: Value
    /// UTF-8 offset of the value's first byte in the source.
    var offset: Int

    /// What a message says was found: the value itself when short, its type otherwise.
    var summary: String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let literal): return literal
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
            return "\"\(shown)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    func member(_ key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// This object without the members named `keys`.
    func removing(_ keys: Set<String>) -> JSONNode {
        guard case .object(let members) = value else { return self }
        return JSONNode(value: .object(members.filter { !keys.contains($0.key) }), offset: offset)
    }

    var jsonValue: JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let literal): return Int(literal).map(JSONValue.integer) ?? .number(Double(literal) ?? .nan)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(\.jsonValue))
        case .object(let members):
            return .object(Dictionary(members.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}

/// Line and column (both 1-based, columns in Unicode scalars) of UTF-8 offsets in a source text.
struct JSONSourceMap: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let end = min(offset, bytes.count)
        // Count scalars, not bytes: continuation bytes (10xxxxxx) do not start a scalar.
        let column = bytes[start..<max(start, end)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
        return (low + 1, column)
    }
}
