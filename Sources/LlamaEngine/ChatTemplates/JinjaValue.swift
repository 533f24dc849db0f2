/// A value inside a chat template: what Jinja (and the Python it runs on) would hold.
/// Objects keep their keys in insertion order, as Python dicts do, so `tojson` output matches.
public enum JinjaValue: Sendable, Equatable {
    case undefined
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JinjaValue])
    case object(JinjaObject)
    /// A `namespace(...)`: the one mutable value, shared by reference.
    case namespace(JinjaNamespace)
    /// A macro or built-in function.
    case callable(JinjaCallable)

    /// Python truthiness.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object(let o): !o.keys.isEmpty
        case .namespace, .callable: true
        }
    }

    var isDefined: Bool { if case .undefined = self { false } else { true } }

    /// `str(value)` as Python prints it; undefined prints as nothing.
    var text: String {
        switch self {
        case .undefined: ""
        case .string(let s): s
        default: repr
        }
    }

    /// `repr(value)` as Python prints it (inside lists and dicts).
    var repr: String {
        switch self {
        case .undefined: ""
        case .none: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): Self.pythonFloat(d)
        case .string(let s): Self.pythonQuoted(s)
        case .array(let a): "[" + a.map(\.repr).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.map { Self.pythonQuoted($0) + ": " + o[$0].repr }.joined(separator: ", ") + "}"
        case .namespace: "<Namespace>"
        case .callable: "<function>"
        }
    }

    static func pythonFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == d.rounded(), abs(d) < 1e16 { return String(Int(d)) + ".0" }
        return String(d)
    }

    static func pythonQuoted(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default: out.append(c)
            }
        }
        return out + String(quote)
    }

    /// Elements when iterated: list items, dict keys, string characters.
    func iterated() throws -> [JinjaValue] {
        switch self {
        case .array(let a): return a
        case .object(let o): return o.keys.map { .string($0) }
        case .string(let s): return s.map { .string(String($0)) }
        case .undefined, .none: return []
        default: throw JinjaError("cannot iterate over \(repr)")
        }
    }
}

/// A dictionary that remembers insertion order.
public struct JinjaObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var storage: [String: JinjaValue] = [:]

    public init(_ pairs: [(String, JinjaValue)] = []) {
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: String) -> JinjaValue {
        get { storage[key] ?? .undefined }
        set {
            if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    func contains(_ key: String) -> Bool { storage[key] != nil }
}

/// The shared, mutable state of a `namespace(...)`.
public final class JinjaNamespace: @unchecked Sendable, Equatable {
    // Only the single thread rendering a template touches it.
    var values: JinjaObject

    init(_ values: JinjaObject) { self.values = values }

    public static func == (a: JinjaNamespace, b: JinjaNamespace) -> Bool { a === b }
}

/// A macro or built-in function value.
public struct JinjaCallable: Sendable, Equatable {
    let name: String
    let call: @Sendable (_ args: [JinjaValue], _ kwargs: JinjaObject) throws -> JinjaValue

    public static func == (a: JinjaCallable, b: JinjaCallable) -> Bool { a.name == b.name }
}

/// An error while parsing or rendering a chat template (`raise_exception` included).
public struct JinjaError: Error, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { "chat template: \(message)" }
}

extension JinjaValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: JinjaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JinjaValue)...) { self = .object(JinjaObject(elements)) }
}
