import ArgumentParser

struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Not built yet (issue 3).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow query is not built yet")
    }
}
