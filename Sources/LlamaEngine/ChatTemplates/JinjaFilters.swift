import Foundation

/// Jinja's filters (`| trim`, `| tojson`, `| selectattr(...)`...), with Hugging Face's `tojson`
/// (Python's `json.dumps` without ASCII escaping, keys in insertion order).
enum JinjaFilters {
    static func apply(_ name: String, _ value: JinjaValue, _ args: [JinjaValue], _ kwargs: JinjaObject) throws -> JinjaValue {
        func arg(_ i: Int, _ key: String) -> JinjaValue? {
            i < args.count ? args[i] : kwargs.contains(key) ? kwargs[key] : nil
        }
        switch name {
        case "trim":
            return .string(JinjaBuiltins.strip(value.text, arg(0, "chars")?.text, leading: true, trailing: true))
        case "upper": return .string(value.text.uppercased())
        case "lower": return .string(value.text.lowercased())
        case "capitalize":
            let s = value.text
            return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        case "title":
            var out = "", previousIsLetter = false
            for c in value.text {
                out += previousIsLetter ? c.lowercased() : c.uppercased()
                previousIsLetter = c.isLetter || c.isNumber || c == "'"
            }
            return .string(out)
        case "length", "count":
            switch value {
            case .string(let s): return .int(s.count)
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.keys.count)
            case .undefined: return .int(0)
            default: throw JinjaError("\(value.repr) has no length")
            }
        case "string": return .string(value.text)
        case "safe", "e", "escape", "forceescape": return value
        case "int":
            switch value {
            case .int: return value
            case .double(let d): return .int(Int(d))
            case .bool(let b): return .int(b ? 1 : 0)
            default: return .int(Int(value.text.trimmingWhitespace) ?? 0)
            }
        case "float":
            return .double(JinjaBuiltins.number(value) ?? Double(value.text.trimmingWhitespace) ?? 0)
        case "abs":
            if case .int(let i) = value { return .int(abs(i)) }
            return .double(abs(JinjaBuiltins.number(value) ?? 0))
        case "round":
            let digits: Int = if case .int(let d)? = arg(0, "precision") { d } else { 0 }
            let scale = pow(10.0, Double(digits))
            return .double(((JinjaBuiltins.number(value) ?? 0) * scale).rounded() / scale)
        case "default", "d":
            let fallback = arg(0, "default_value") ?? .string("")
            let boolean = arg(1, "boolean")?.isTruthy ?? false
            return (boolean ? value.isTruthy : value.isDefined) ? value : fallback
        case "join":
            let separator = arg(0, "d")?.text ?? ""
            var items = try value.iterated()
            if let attribute = arg(1, "attribute") { items = try items.map { try JinjaBuiltins.attribute($0, attribute.text) } }
            return .string(items.map(\.text).joined(separator: separator))
        case "first": return try value.iterated().first ?? .undefined
        case "last": return try value.iterated().last ?? .undefined
        case "list": return .array(try value.iterated())
        case "reverse":
            if case .string(let s) = value { return .string(String(s.reversed())) }
            return .array(try value.iterated().reversed())
        case "unique":
            var seen: [JinjaValue] = []
            for v in try value.iterated() where !seen.contains(where: { JinjaBuiltins.equal($0, v) }) { seen.append(v) }
            return .array(seen)
        case "items":
            guard case .object(let o) = value else { return .array([]) }
            return .array(o.keys.map { .array([.string($0), o[$0]]) })
        case "dictsort":
            guard case .object(let o) = value else { return .array([]) }
            return .array(o.keys.sorted().map { .array([.string($0), o[$0]]) })
        case "replace":
            guard args.count >= 2 else { throw JinjaError("replace needs two arguments") }
            return .string(value.text.replacing(args[0].text, with: args[1].text))
        case "indent":
            let width: String = switch arg(0, "width") {
            case .int(let n)?: String(repeating: " ", count: n)
            case .string(let s)?: s
            default: String(repeating: " ", count: 4)
            }
            let first = arg(1, "first")?.isTruthy ?? false, blank = arg(2, "blank")?.isTruthy ?? false
            let lines = value.text.split(separator: "\n", omittingEmptySubsequences: false)
            return .string(lines.enumerated().map { i, line in
                (i == 0 && !first) || (line.isEmpty && !blank) ? String(line) : width + line
            }.joined(separator: "\n"))
        case "tojson":
            let indent: Int? = if case .int(let n)? = arg(0, "indent") { n } else { nil }
            return .string(JinjaJSON.encode(value, indent: indent, sortKeys: kwargs["sort_keys"].isTruthy))
        case "select", "reject", "selectattr", "rejectattr":
            let byAttribute = name.hasSuffix("attr")
            let keep = name.hasPrefix("select")
            let testArgs = Array(args.dropFirst(byAttribute ? 2 : 1))
            return .array(try value.iterated().filter { item in
                let subject = byAttribute ? try JinjaBuiltins.attribute(item, args.first?.text ?? "") : item
                let testName = byAttribute ? (args.count > 1 ? args[1].text : nil) : args.first?.text
                let passes = try testName.map { try JinjaBuiltins.test($0, subject, testArgs) } ?? subject.isTruthy
                return passes == keep
            })
        case "map":
            if let attribute = kwargs.contains("attribute") ? kwargs["attribute"] : nil {
                return .array(try value.iterated().map {
                    let v = try JinjaBuiltins.attribute($0, attribute.text)
                    return v.isDefined ? v : (kwargs.contains("default") ? kwargs["default"] : v)
                })
            }
            guard let filterName = args.first?.text else { throw JinjaError("map needs a filter or attribute") }
            return .array(try value.iterated().map { try apply(filterName, $0, Array(args.dropFirst()), JinjaObject()) })
        case "sum":
            var total = JinjaValue.int(0)
            for v in try value.iterated() { total = try JinjaBuiltins.binary("+", total, v) }
            return total
        case "min", "max":
            let items = try value.iterated()
            guard var best = items.first else { return .undefined }
            for v in items.dropFirst() where try JinjaBuiltins.binary(name == "min" ? "<" : ">", v, best).isTruthy { best = v }
            return best
        case "sort":
            let reverse = arg(0, "reverse")?.isTruthy ?? false
            let attribute = kwargs.contains("attribute") ? kwargs["attribute"].text : nil
            func key(_ v: JinjaValue) throws -> JinjaValue { try attribute.map { try JinjaBuiltins.attribute(v, $0) } ?? v }
            let sorted = try value.iterated().sorted { a, b in
                (try? JinjaBuiltins.binary(reverse ? ">" : "<", key(a), key(b)).isTruthy) ?? false
            }
            return .array(sorted)
        case "wordcount": return .int(value.text.split(whereSeparator: \.isWhitespace).count)
        default:
            throw JinjaError("unknown filter '\(name)'")
        }
    }
}

extension String {
    var trimmingWhitespace: String { JinjaBuiltins.strip(self, nil, leading: true, trailing: true) }
}
