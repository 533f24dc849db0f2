import ArgumentParser

struct Schedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Not built yet (issue 9).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow schedule is not built yet")
    }
}
