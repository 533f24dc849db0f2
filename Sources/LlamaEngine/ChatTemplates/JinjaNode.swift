/// A parsed template expression.
indirect enum JinjaExpr: Sendable {
    case literal(JinjaValue)
    case name(String)
    case list([JinjaExpr])
    case dict([(JinjaExpr, JinjaExpr)])
    case attribute(JinjaExpr, String)
    case item(JinjaExpr, JinjaExpr)
    case slice(JinjaExpr, start: JinjaExpr?, stop: JinjaExpr?, step: JinjaExpr?)
    case call(JinjaExpr, Arguments)
    case filter(JinjaExpr, name: String, Arguments)
    case test(JinjaExpr, name: String, Arguments, negated: Bool)
    case unary(String, JinjaExpr)
    case binary(String, JinjaExpr, JinjaExpr)
    case conditional(then: JinjaExpr, condition: JinjaExpr, otherwise: JinjaExpr?)

    struct Arguments: Sendable {
        var positional: [JinjaExpr] = []
        var named: [(String, JinjaExpr)] = []
    }
}

/// A parsed template statement or piece of text.
indirect enum JinjaNode: Sendable {
    case text(String)
    case output(JinjaExpr)
    case forLoop(targets: [String], iterable: JinjaExpr, filter: JinjaExpr?, body: [JinjaNode], otherwise: [JinjaNode])
    case conditional([(JinjaExpr, [JinjaNode])], otherwise: [JinjaNode])
    /// `set a = ...`, `set ns.a = ...`, `set a, b = ...`
    case assign(targets: [[String]], value: JinjaExpr)
    case assignBlock(name: String, body: [JinjaNode])
    case macro(name: String, parameters: [(String, JinjaExpr?)], body: [JinjaNode])
    case breakLoop
    case continueLoop
}
