import ArgumentParser

struct ModelInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Not built yet (issue 4).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow model info is not built yet")
    }
}
