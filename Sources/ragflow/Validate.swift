import ArgumentParser

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Not built yet (issue 2).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow validate is not built yet")
    }
}
