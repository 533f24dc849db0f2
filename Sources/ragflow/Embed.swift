import ArgumentParser

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "Not built yet (issue 4).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow embed is not built yet")
    }
}
