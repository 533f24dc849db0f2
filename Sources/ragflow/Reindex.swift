import ArgumentParser

struct Reindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex", abstract: "Not built yet (issue 9).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow reindex is not built yet")
    }
}
