import ArgumentParser

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Not built yet (issue 7).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow eval is not built yet")
    }
}
