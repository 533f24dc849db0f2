import ArgumentParser

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Not built yet (issue 6).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow generate is not built yet")
    }
}
