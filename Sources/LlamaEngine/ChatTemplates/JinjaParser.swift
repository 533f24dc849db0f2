/// Parses lexed segments into a tree of `JinjaNode`s: statements `for`/`if`/`set`/`macro`
/// (with `break`/`continue` and `generation`), and expressions with Jinja's precedence.
struct JinjaParser {
    private var segments: [JinjaLexer.Segment]
    private var position = 0

    init(source: String) throws {
        segments = try JinjaLexer.segments(source)
    }

    mutating func parse() throws -> [JinjaNode] {
        let (nodes, end) = try parseBlock(until: [])
        if let end { throw JinjaError("unexpected '{% \(end.keyword) %}'") }
        return nodes
    }

    /// Nodes up to one of the `terminators` keywords; returns that statement's tokens.
    private mutating func parseBlock(until terminators: Set<String>) throws -> ([JinjaNode], (keyword: String, tokens: [JinjaLexer.Token])?) {
        var nodes: [JinjaNode] = []
        while position < segments.count {
            let segment = segments[position]
            position += 1
            switch segment {
            case .text(let t): nodes.append(.text(t))
            case .output(let tokens):
                var p = ExpressionParser(tokens: tokens)
                nodes.append(.output(try p.parseComplete()))
            case .statement(let tokens):
                guard case .name(let keyword)? = tokens.first else { throw JinjaError("empty statement") }
                if terminators.contains(keyword) { return (nodes, (keyword, tokens)) }
                if let node = try parseStatement(keyword, Array(tokens.dropFirst())) { nodes.append(node) }
            }
        }
        if !terminators.isEmpty { throw JinjaError("missing one of \(terminators.sorted())") }
        return (nodes, nil)
    }

    private mutating func parseStatement(_ keyword: String, _ tokens: [JinjaLexer.Token]) throws -> JinjaNode? {
        var p = ExpressionParser(tokens: tokens)
        switch keyword {
        case "if":
            var branches: [(JinjaExpr, [JinjaNode])] = []
            var condition = try p.parseComplete()
            while true {
                let (body, end) = try parseBlock(until: ["elif", "else", "endif"])
                branches.append((condition, body))
                guard let end else { throw JinjaError("missing endif") }
                switch end.keyword {
                case "elif":
                    var q = ExpressionParser(tokens: Array(end.tokens.dropFirst()))
                    condition = try q.parseComplete()
                case "else":
                    let (otherwise, _) = try parseBlock(until: ["endif"])
                    return .conditional(branches, otherwise: otherwise)
                default:
                    return .conditional(branches, otherwise: [])
                }
            }
        case "for":
            var targets: [String] = []
            repeat {
                targets.append(try p.expectName())
            } while p.accept(.op(","))
            try p.expect(.name("in"))
            let iterable = try p.parseOr()
            let filter = p.accept(.name("if")) ? try p.parseOr() : nil
            _ = p.accept(.name("recursive"))
            try p.expectEnd()
            let (body, end) = try parseBlock(until: ["else", "endfor"])
            var otherwise: [JinjaNode] = []
            if end?.keyword == "else" { otherwise = try parseBlock(until: ["endfor"]).0 }
            return .forLoop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise)
        case "set":
            var targets: [[String]] = []
            repeat {
                var path = [try p.expectName()]
                while p.accept(.op(".")) { path.append(try p.expectName()) }
                targets.append(path)
            } while p.accept(.op(","))
            if p.atEnd {
                guard targets.count == 1, targets[0].count == 1 else { throw JinjaError("bad block set") }
                let (body, _) = try parseBlock(until: ["endset"])
                return .assignBlock(name: targets[0][0], body: body)
            }
            try p.expect(.op("="))
            return .assign(targets: targets, value: try p.parseComplete())
        case "macro":
            let name = try p.expectName()
            try p.expect(.op("("))
            var parameters: [(String, JinjaExpr?)] = []
            while !p.accept(.op(")")) {
                let parameter = try p.expectName()
                parameters.append((parameter, p.accept(.op("=")) ? try p.parseExpression() : nil))
                _ = p.accept(.op(","))
            }
            let (body, _) = try parseBlock(until: ["endmacro"])
            return .macro(name: name, parameters: parameters, body: body)
        case "break": return .breakLoop
        case "continue": return .continueLoop
        case "generation":
            // Hugging Face's marker for assistant tokens: renders its body unchanged.
            let (body, _) = try parseBlock(until: ["endgeneration"])
            return .conditional([(.literal(.bool(true)), body)], otherwise: [])
        default:
            throw JinjaError("unsupported statement '\(keyword)'")
        }
    }
}

/// Recursive descent over one tag's tokens, following Jinja's operator precedence.
struct ExpressionParser {
    typealias Token = JinjaLexer.Token
    private let tokens: [Token]
    private var index = 0

    init(tokens: [Token]) { self.tokens = tokens }

    var atEnd: Bool { index >= tokens.count }
    private var peek: Token? { index < tokens.count ? tokens[index] : nil }

    mutating func accept(_ token: Token) -> Bool {
        guard peek == token else { return false }
        index += 1
        return true
    }

    mutating func expect(_ token: Token) throws {
        guard accept(token) else { throw JinjaError("expected \(token), found \(peek.map { "\($0)" } ?? "end")") }
    }

    mutating func expectName() throws -> String {
        guard case .name(let n)? = peek else { throw JinjaError("expected a name, found \(peek.map { "\($0)" } ?? "end")") }
        index += 1
        return n
    }

    mutating func expectEnd() throws {
        if let peek { throw JinjaError("unexpected \(peek)") }
    }

    mutating func parseComplete() throws -> JinjaExpr {
        let e = try parseExpression()
        try expectEnd()
        return e
    }

    mutating func parseExpression() throws -> JinjaExpr {
        let value = try parseOr()
        guard accept(.name("if")) else { return value }
        let condition = try parseOr()
        let otherwise = accept(.name("else")) ? try parseExpression() : nil
        return .conditional(then: value, condition: condition, otherwise: otherwise)
    }

    mutating func parseOr() throws -> JinjaExpr {
        var left = try parseAnd()
        while accept(.name("or")) { left = .binary("or", left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws -> JinjaExpr {
        var left = try parseNot()
        while accept(.name("and")) { left = .binary("and", left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws -> JinjaExpr {
        if accept(.name("not")) { return .unary("not", try parseNot()) }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> JinjaExpr {
        var left = try parseMath1()
        while true {
            if case .op(let op)? = peek, ["==", "!=", "<", ">", "<=", ">="].contains(op) {
                index += 1
                left = .binary(op, left, try parseMath1())
            } else if accept(.name("in")) {
                left = .binary("in", left, try parseMath1())
            } else if peek == .name("not"), index + 1 < tokens.count, tokens[index + 1] == .name("in") {
                index += 2
                left = .unary("not", .binary("in", left, try parseMath1()))
            } else {
                return left
            }
        }
    }

    private mutating func parseMath1() throws -> JinjaExpr {
        var left = try parseConcat()
        while case .op(let op)? = peek, op == "+" || op == "-" {
            index += 1
            left = .binary(op, left, try parseConcat())
        }
        return left
    }

    private mutating func parseConcat() throws -> JinjaExpr {
        var left = try parseMath2()
        while accept(.op("~")) { left = .binary("~", left, try parseMath2()) }
        return left
    }

    private mutating func parseMath2() throws -> JinjaExpr {
        var left = try parsePow()
        while case .op(let op)? = peek, ["*", "/", "//", "%"].contains(op) {
            index += 1
            left = .binary(op, left, try parsePow())
        }
        return left
    }

    private mutating func parsePow() throws -> JinjaExpr {
        var left = try parseUnary()
        while accept(.op("**")) { left = .binary("**", left, try parseUnary()) }
        return left
    }

    private mutating func parseUnary() throws -> JinjaExpr {
        if accept(.op("-")) { return try parseFilters(.unary("-", try parseUnary())) }
        if accept(.op("+")) { return try parseUnary() }
        return try parseFilters(try parsePostfix(try parsePrimary()))
    }

    private mutating func parseFilters(_ base: JinjaExpr) throws -> JinjaExpr {
        var e = base
        while true {
            if accept(.op("|")) {
                let name = try expectName()
                let args = peek == .op("(") ? try parseArguments() : JinjaExpr.Arguments()
                e = try parsePostfix(.filter(e, name: name, args))
            } else if accept(.name("is")) {
                let negated = accept(.name("not"))
                let name = try expectName()
                var args = JinjaExpr.Arguments()
                if peek == .op("(") {
                    args = try parseArguments()
                } else if let next = peek, isTestArgumentStart(next) {
                    args.positional = [try parsePrimary()]
                }
                e = .test(e, name: name, args, negated: negated)
            } else {
                return e
            }
        }
    }

    private func isTestArgumentStart(_ token: Token) -> Bool {
        switch token {
        case .string, .int, .double: true
        case .name(let n): !["and", "or", "else", "if", "not", "in", "is"].contains(n)
        default: false
        }
    }

    private mutating func parseArguments() throws -> JinjaExpr.Arguments {
        try expect(.op("("))
        var args = JinjaExpr.Arguments()
        while !accept(.op(")")) {
            if case .name(let n)? = peek, index + 1 < tokens.count, tokens[index + 1] == .op("=") {
                index += 2
                args.named.append((n, try parseExpression()))
            } else {
                args.positional.append(try parseExpression())
            }
            if !accept(.op(",")) {
                try expect(.op(")"))
                break
            }
        }
        return args
    }

    private mutating func parsePostfix(_ base: JinjaExpr) throws -> JinjaExpr {
        var e = base
        while true {
            if accept(.op(".")) {
                e = .attribute(e, try expectName())
            } else if peek == .op("(") {
                e = .call(e, try parseArguments())
            } else if accept(.op("[")) {
                var start: JinjaExpr?
                if peek != .op(":") { start = try parseExpression() }
                if accept(.op(":")) {
                    var stop: JinjaExpr?, step: JinjaExpr?
                    if peek != .op("]"), peek != .op(":") { stop = try parseExpression() }
                    if accept(.op(":")), peek != .op("]") { step = try parseExpression() }
                    try expect(.op("]"))
                    e = .slice(e, start: start, stop: stop, step: step)
                } else {
                    try expect(.op("]"))
                    guard let start else { throw JinjaError("empty subscript") }
                    e = .item(e, start)
                }
            } else {
                return e
            }
        }
    }

    private mutating func parsePrimary() throws -> JinjaExpr {
        guard let token = peek else { throw JinjaError("unexpected end of expression") }
        index += 1
        switch token {
        case .string(var s):
            // Adjacent string literals concatenate.
            while case .string(let more)? = peek {
                s += more
                index += 1
            }
            return .literal(.string(s))
        case .int(let i): return .literal(.int(i))
        case .double(let d): return .literal(.double(d))
        case .name(let n):
            switch n {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            default: return .name(n)
            }
        case .op("("):
            let e = try parseExpression()
            if accept(.op(",")) {
                var items = [e]
                while !accept(.op(")")) {
                    items.append(try parseExpression())
                    _ = accept(.op(","))
                }
                return .list(items)
            }
            try expect(.op(")"))
            return e
        case .op("["):
            var items: [JinjaExpr] = []
            while !accept(.op("]")) {
                items.append(try parseExpression())
                _ = accept(.op(","))
            }
            return .list(items)
        case .op("{"):
            var pairs: [(JinjaExpr, JinjaExpr)] = []
            while !accept(.op("}")) {
                let key = try parseExpression()
                try expect(.op(":"))
                pairs.append((key, try parseExpression()))
                _ = accept(.op(","))
            }
            return .dict(pairs)
        default:
            throw JinjaError("unexpected \(token)")
        }
    }
}
