import ArgumentParser

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Not built yet (issue 3).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow ingest is not built yet")
    }
}
