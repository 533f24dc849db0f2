import Foundation

/// Jinja's and Python's built-ins that chat templates use: globals (`raise_exception`,
/// `namespace`, `range`, `strftime_now`), attribute and item access, operators, string and
/// dict methods.
enum JinjaBuiltins {
    static func global(_ name: String) -> JinjaValue {
        switch name {
        case "raise_exception":
            return .callable(JinjaCallable(name: name) { args, _ in
                throw JinjaError(args.first?.text ?? "raise_exception")
            })
        case "namespace":
            return .callable(JinjaCallable(name: name) { args, kwargs in
                var values = JinjaObject()
                if case .object(let o)? = args.first { for k in o.keys { values[k] = o[k] } }
                for k in kwargs.keys { values[k] = kwargs[k] }
                return .namespace(JinjaNamespace(values))
            })
        case "range":
            return .callable(JinjaCallable(name: name) { args, _ in
                let ints = args.compactMap { if case .int(let i) = $0 { i } else { nil } }
                guard ints.count == args.count, !ints.isEmpty else { throw JinjaError("range() takes integers") }
                let (start, stop, step) = ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count > 2 ? ints[2] : 1)
                guard step != 0 else { throw JinjaError("range() step is zero") }
                return .array(Swift.stride(from: start, to: stop, by: step).map { .int($0) })
            })
        case "dict":
            return .callable(JinjaCallable(name: name) { _, kwargs in .object(kwargs) })
        case "strftime_now":
            return .callable(JinjaCallable(name: name) { args, _ in
                .string(strftime(args.first?.text ?? "%Y-%m-%d", Date()))
            })
        default:
            return .undefined
        }
    }

    /// The few `strftime` codes chat templates use (`%d %b %Y`, `%B`, `%Y-%m-%d`), in UTC.
    static func strftime(_ format: String, _ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        var out = ""
        var chars = format.makeIterator()
        while let ch = chars.next() {
            guard ch == "%", let code = chars.next() else {
                out.append(ch)
                continue
            }
            switch code {
            case "d": out += String(format: "%02d", c.day ?? 1)
            case "m": out += String(format: "%02d", c.month ?? 1)
            case "Y": out += String(c.year ?? 1970)
            case "b": out += String(months[(c.month ?? 1) - 1].prefix(3))
            case "B": out += months[(c.month ?? 1) - 1]
            default: out += "%" + String(code)
            }
        }
        return out
    }

    static func attribute(_ base: JinjaValue, _ name: String) throws -> JinjaValue {
        switch base {
        case .object(let o): return o[name]
        case .namespace(let ns): return ns.values[name]
        default: return .undefined
        }
    }

    static func item(_ base: JinjaValue, _ key: JinjaValue) throws -> JinjaValue {
        switch (base, key) {
        case (.object(let o), _): return o[key.text]
        case (.namespace(let ns), _): return ns.values[key.text]
        case (.array(let a), .int(let i)):
            let j = i < 0 ? a.count + i : i
            return a.indices.contains(j) ? a[j] : .undefined
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            let j = i < 0 ? chars.count + i : i
            return chars.indices.contains(j) ? .string(String(chars[j])) : .undefined
        default: return .undefined
        }
    }

    static func slice(_ base: JinjaValue, start: JinjaValue?, stop: JinjaValue?, step: JinjaValue?) throws -> JinjaValue {
        func int(_ v: JinjaValue?) -> Int? { if case .int(let i)? = v { i } else { nil } }
        let items: [JinjaValue]
        switch base {
        case .array(let a): items = a
        case .string(let s): items = s.map { .string(String($0)) }
        default: throw JinjaError("cannot slice \(base.repr)")
        }
        let n = items.count, st = int(step) ?? 1
        guard st != 0 else { throw JinjaError("slice step is zero") }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 { v += n }
            return st > 0 ? min(max(v, 0), n) : min(max(v, -1), n - 1)
        }
        var picked: [JinjaValue] = []
        var i = clamp(int(start), st > 0 ? 0 : n - 1)
        let end = clamp(int(stop), st > 0 ? n : -1)
        while st > 0 ? i < end : i > end {
            picked.append(items[i])
            i += st
        }
        if case .string = base { return .string(picked.map(\.text).joined()) }
        return .array(picked)
    }

    static func equal(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.bool(let x), .int(let y)), (.int(let y), .bool(let x)): return (x ? 1 : 0) == y
        case (.undefined, .none), (.none, .undefined): return false
        default: return a == b
        }
    }

    static func number(_ v: JinjaValue) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    static func binary(_ op: String, _ l: JinjaValue, _ r: JinjaValue) throws -> JinjaValue {
        switch op {
        case "==": return .bool(equal(l, r))
        case "!=": return .bool(!equal(l, r))
        case "~": return .string(l.text + r.text)
        case "in":
            switch r {
            case .string(let s): return .bool(s.contains(l.text))
            case .array(let a): return .bool(a.contains { equal($0, l) })
            case .object(let o): return .bool(o.contains(l.text))
            case .undefined, .none: return .bool(false)
            default: throw JinjaError("'in' needs a container, got \(r.repr)")
            }
        case "<", ">", "<=", ">=":
            let order: Bool
            if case .string(let a) = l, case .string(let b) = r {
                order = op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b
            } else if let a = number(l), let b = number(r) {
                order = op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b
            } else {
                throw JinjaError("cannot compare \(l.repr) \(op) \(r.repr)")
            }
            return .bool(order)
        default: break
        }
        switch (op, l, r) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .array(let a), .array(let b)): return .array(a + b)
        case ("*", .string(let s), .int(let n)), ("*", .int(let n), .string(let s)):
            return .string(String(repeating: s, count: max(n, 0)))
        case (_, .int(let a), .int(let b)):
            switch op {
            case "+": return .int(a + b)
            case "-": return .int(a - b)
            case "*": return .int(a * b)
            case "/": return .double(Double(a) / Double(b))
            case "//":
                guard b != 0 else { throw JinjaError("division by zero") }
                return .int(Int((Double(a) / Double(b)).rounded(.down)))
            case "%":
                guard b != 0 else { throw JinjaError("division by zero") }
                let m = a % b
                return .int(m != 0 && (m < 0) != (b < 0) ? m + b : m)
            case "**": return .int(Int(pow(Double(a), Double(b))))
            default: break
            }
        default: break
        }
        guard let a = number(l), let b = number(r) else {
            throw JinjaError("unsupported operands for \(op): \(l.repr) and \(r.repr)")
        }
        switch op {
        case "+": return .double(a + b)
        case "-": return .double(a - b)
        case "*": return .double(a * b)
        case "/": return .double(a / b)
        case "//": return .double((a / b).rounded(.down))
        case "%": return .double(a - b * (a / b).rounded(.down))
        case "**": return .double(pow(a, b))
        default: throw JinjaError("unknown operator \(op)")
        }
    }

    /// Python's `str.strip()` family; nil `chars` strips whitespace.
    static func strip(_ s: String, _ chars: String?, leading: Bool, trailing: Bool) -> String {
        let set = chars.map(Set.init)
        func strips(_ c: Character) -> Bool { set?.contains(c) ?? c.isWhitespace }
        var sub = Substring(s)
        if leading { sub = sub.drop(while: strips) }
        if trailing { while let last = sub.last, strips(last) { sub = sub.dropLast() } }
        return String(sub)
    }

    /// String and dict methods: `content.strip()`, `message.get('x')`, `tools.items()`.
    static func method(_ receiver: JinjaValue, _ name: String, _ args: [JinjaValue], _ kwargs: JinjaObject) throws -> JinjaValue? {
        switch receiver {
        case .string(let s):
            let arg = args.first.flatMap { if case .string(let a) = $0 { a } else { nil } }
            switch name {
            case "strip": return .string(strip(s, arg, leading: true, trailing: true))
            case "lstrip": return .string(strip(s, arg, leading: true, trailing: false))
            case "rstrip": return .string(strip(s, arg, leading: false, trailing: true))
            case "upper": return .string(s.uppercased())
            case "lower": return .string(s.lowercased())
            case "title": return try JinjaFilters.apply("title", receiver, [], JinjaObject())
            case "capitalize": return try JinjaFilters.apply("capitalize", receiver, [], JinjaObject())
            case "startswith", "endswith":
                let candidates: [String] = if case .array(let a)? = args.first { a.map(\.text) } else { [arg ?? ""] }
                return .bool(candidates.contains { name == "startswith" ? s.hasPrefix($0) : s.hasSuffix($0) })
            case "replace":
                guard args.count >= 2 else { throw JinjaError("replace() needs two arguments") }
                return .string(s.replacing(args[0].text, with: args[1].text))
            case "split":
                let maxSplits: Int = if case .int(let m) = (args.count > 1 ? args[1] : kwargs["maxsplit"]) { m } else { -1 }
                if let arg {
                    let parts = s.split(separator: arg, maxSplits: maxSplits < 0 ? .max : maxSplits, omittingEmptySubsequences: false)
                    return .array(parts.map { .string(String($0)) })
                }
                return .array(s.split(maxSplits: maxSplits < 0 ? .max : maxSplits, whereSeparator: \.isWhitespace)
                    .map { .string(String($0)) })
            case "splitlines": return .array(s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { .string(String($0)) })
            case "find":
                guard let arg, let r = s.firstRange(of: arg) else { return .int(-1) }
                return .int(s.distance(from: s.startIndex, to: r.lowerBound))
            case "count": return .int(arg.map { s.ranges(of: $0).count } ?? 0)
            case "join": return .string(try (args.first?.iterated() ?? []).map(\.text).joined(separator: s))
            default: return nil
            }
        case .object(let o):
            switch name {
            case "items": return .array(o.keys.map { .array([.string($0), o[$0]]) })
            case "keys": return .array(o.keys.map { .string($0) })
            case "values": return .array(o.keys.map { o[$0] })
            case "get":
                let v = o[args.first?.text ?? ""]
                return v.isDefined ? v : (args.count > 1 ? args[1] : .none)
            default: return nil
            }
        default:
            return nil
        }
    }
}

extension JinjaBuiltins {
    static func filter(_ name: String, _ value: JinjaValue, _ args: [JinjaValue], _ kwargs: JinjaObject) throws -> JinjaValue {
        try JinjaFilters.apply(name, value, args, kwargs)
    }

    static func test(_ name: String, _ value: JinjaValue, _ args: [JinjaValue]) throws -> Bool {
        switch name {
        case "defined": return value.isDefined
        case "undefined": return !value.isDefined
        case "none": return value == .none
        case "string": if case .string = value { return true } else { return false }
        case "number": return [JinjaValue.int(0), .double(0)].contains { type(of: $0) == type(of: value) } && number(value) != nil && !isBool(value)
        case "integer": if case .int = value { return true } else { return false }
        case "float": if case .double = value { return true } else { return false }
        case "boolean": return isBool(value)
        case "true": return value == .bool(true)
        case "false": return value == .bool(false)
        case "mapping": if case .object = value { return true } else { return false }
        case "iterable", "sequence":
            switch value {
            case .array, .object, .string: return true
            default: return false
            }
        case "callable": if case .callable = value { return true } else { return false }
        case "odd", "even":
            guard case .int(let i) = value else { throw JinjaError("\(name) needs an integer") }
            return (i % 2 != 0) == (name == "odd")
        case "divisibleby":
            guard case .int(let i) = value, case .int(let d)? = args.first, d != 0 else { throw JinjaError("divisibleby needs integers") }
            return i % d == 0
        case "equalto", "eq", "==", "sameas": return equal(value, args.first ?? .undefined)
        case "ne", "!=": return !equal(value, args.first ?? .undefined)
        case "in": return try binary("in", value, args.first ?? .undefined).isTruthy
        case "lower": return value.text == value.text.lowercased()
        case "upper": return value.text == value.text.uppercased()
        default: throw JinjaError("unknown test '\(name)'")
        }
    }

    static func isBool(_ v: JinjaValue) -> Bool { if case .bool = v { true } else { false } }
}
