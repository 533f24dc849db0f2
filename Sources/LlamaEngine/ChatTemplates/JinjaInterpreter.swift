/// Renders parsed template nodes. Scoping follows Jinja: a `for` body has its own scope
/// (so `set` inside a loop does not leak out, which is why templates use `namespace`), `if`
/// does not.
final class JinjaInterpreter: @unchecked Sendable {
    // One render runs on one thread; the class only exists so macros can call back into it.
    private var frames: [[String: JinjaValue]]
    private var output = ""

    private enum Flow { case normal, breakLoop, continueLoop }

    init(globals: [String: JinjaValue]) {
        frames = [globals]
    }

    func render(_ nodes: [JinjaNode]) throws -> String {
        _ = try run(nodes)
        return output
    }

    private func lookup(_ name: String) -> JinjaValue {
        for frame in frames.reversed() {
            if let v = frame[name] { return v }
        }
        return JinjaBuiltins.global(name)
    }

    private func run(_ nodes: [JinjaNode]) throws -> Flow {
        for node in nodes {
            let flow = try run(node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private func run(_ node: JinjaNode) throws -> Flow {
        switch node {
        case .text(let t):
            output += t
        case .output(let e):
            output += try evaluate(e).text
        case .conditional(let branches, let otherwise):
            for (condition, body) in branches where try evaluate(condition).isTruthy {
                return try run(body)
            }
            return try run(otherwise)
        case .forLoop(let targets, let iterable, let filter, let body, let otherwise):
            return try runLoop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise)
        case .assign(let targets, let valueExpr):
            let value = try evaluate(valueExpr)
            let values = targets.count == 1 ? [value] : try value.iterated()
            guard values.count == targets.count else { throw JinjaError("cannot unpack \(value.repr)") }
            for (path, v) in zip(targets, values) { try assign(path, v) }
        case .assignBlock(let name, let body):
            let saved = output
            output = ""
            _ = try run(body)
            let captured = output
            output = saved
            frames[frames.count - 1][name] = .string(captured)
        case .macro(let name, let parameters, let body):
            frames[frames.count - 1][name] = makeMacro(name: name, parameters: parameters, body: body)
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        }
        return .normal
    }

    private func assign(_ path: [String], _ value: JinjaValue) throws {
        if path.count == 1 {
            frames[frames.count - 1][path[0]] = value
            return
        }
        guard path.count == 2, case .namespace(let ns) = lookup(path[0]) else {
            throw JinjaError("cannot assign to \(path.joined(separator: ".")): only namespace attributes can be set")
        }
        ns.values[path[1]] = value
    }

    private func runLoop(
        targets: [String], iterable: JinjaExpr, filter: JinjaExpr?, body: [JinjaNode], otherwise: [JinjaNode]
    ) throws -> Flow {
        let source = try evaluate(iterable)
        var items: [JinjaValue]
        if case .object(let o) = source, targets.count == 2 {
            items = o.keys.map { .array([.string($0), o[$0]]) }
        } else {
            items = try source.iterated()
        }
        func bind(_ item: JinjaValue) throws {
            if targets.count == 1 {
                frames[frames.count - 1][targets[0]] = item
            } else {
                let parts = try item.iterated()
                guard parts.count == targets.count else { throw JinjaError("cannot unpack \(item.repr)") }
                for (t, v) in zip(targets, parts) { frames[frames.count - 1][t] = v }
            }
        }
        frames.append([:])
        defer { frames.removeLast() }
        if let filter {
            items = try items.filter {
                try bind($0)
                return try evaluate(filter).isTruthy
            }
        }
        if items.isEmpty { return try run(otherwise) }
        let n = items.count
        for (i, item) in items.enumerated() {
            try bind(item)
            frames[frames.count - 1]["loop"] = .object(JinjaObject([
                ("index", .int(i + 1)), ("index0", .int(i)), ("revindex", .int(n - i)), ("revindex0", .int(n - i - 1)),
                ("first", .bool(i == 0)), ("last", .bool(i == n - 1)), ("length", .int(n)),
                ("previtem", i > 0 ? items[i - 1] : .undefined), ("nextitem", i + 1 < n ? items[i + 1] : .undefined),
            ]))
            if try run(body) == .breakLoop { break }
        }
        return .normal
    }

    private func makeMacro(name: String, parameters: [(String, JinjaExpr?)], body: [JinjaNode]) -> JinjaValue {
        .callable(JinjaCallable(name: name) { [self] args, kwargs in
            var frame: [String: JinjaValue] = [:]
            for (i, (parameter, defaultValue)) in parameters.enumerated() {
                if i < args.count {
                    frame[parameter] = args[i]
                } else if kwargs.contains(parameter) {
                    frame[parameter] = kwargs[parameter]
                } else if let defaultValue {
                    frame[parameter] = try evaluate(defaultValue)
                } else {
                    frame[parameter] = .undefined
                }
            }
            let savedFrames = frames, savedOutput = output
            frames = [frames[0], frame]
            output = ""
            defer {
                frames = savedFrames
                output = savedOutput
            }
            _ = try run(body)
            return .string(output)
        })
    }

    // MARK: expressions

    func evaluate(_ expr: JinjaExpr) throws -> JinjaValue {
        switch expr {
        case .literal(let v): return v
        case .name(let n): return lookup(n)
        case .list(let items): return .array(try items.map(evaluate))
        case .dict(let pairs):
            var o = JinjaObject()
            for (k, v) in pairs { o[try evaluate(k).text] = try evaluate(v) }
            return .object(o)
        case .attribute(let base, let name):
            return try JinjaBuiltins.attribute(try evaluate(base), name)
        case .item(let base, let key):
            return try JinjaBuiltins.item(try evaluate(base), try evaluate(key))
        case .slice(let base, let start, let stop, let step):
            return try JinjaBuiltins.slice(
                try evaluate(base), start: try start.map(evaluate), stop: try stop.map(evaluate), step: try step.map(evaluate))
        case .call(let callee, let args):
            let (positional, named) = try evaluate(args)
            if case .attribute(let base, let method) = callee {
                let receiver = try evaluate(base)
                if let result = try JinjaBuiltins.method(receiver, method, positional, named) { return result }
            }
            guard case .callable(let f) = try evaluate(callee) else { throw JinjaError("\(callee) is not callable") }
            return try f.call(positional, named)
        case .filter(let base, let name, let args):
            let (positional, named) = try evaluate(args)
            return try JinjaBuiltins.filter(name, try evaluate(base), positional, named)
        case .test(let base, let name, let args, let negated):
            let (positional, _) = try evaluate(args)
            let result = try JinjaBuiltins.test(name, try evaluate(base), positional)
            return .bool(result != negated)
        case .unary(let op, let operand):
            let v = try evaluate(operand)
            switch op {
            case "not": return .bool(!v.isTruthy)
            default:
                switch v {
                case .int(let i): return .int(-i)
                case .double(let d): return .double(-d)
                default: throw JinjaError("cannot negate \(v.repr)")
                }
            }
        case .binary(let op, let l, let r):
            if op == "and" {
                let left = try evaluate(l)
                return left.isTruthy ? try evaluate(r) : left
            }
            if op == "or" {
                let left = try evaluate(l)
                return left.isTruthy ? left : try evaluate(r)
            }
            return try JinjaBuiltins.binary(op, try evaluate(l), try evaluate(r))
        case .conditional(let then, let condition, let otherwise):
            if try evaluate(condition).isTruthy { return try evaluate(then) }
            return try otherwise.map(evaluate) ?? .undefined
        }
    }

    private func evaluate(_ args: JinjaExpr.Arguments) throws -> ([JinjaValue], JinjaObject) {
        var named = JinjaObject()
        for (k, v) in args.named { named[k] = try evaluate(v) }
        return (try args.positional.map(evaluate), named)
    }
}
