import ArgumentParser

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Not built yet (issue 3).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow status is not built yet")
    }
}
