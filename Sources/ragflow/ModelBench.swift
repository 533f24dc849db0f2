import ArgumentParser

struct ModelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Not built yet (issue 6).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow model bench is not built yet")
    }
}
