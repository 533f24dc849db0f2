import ArgumentParser

struct ModelTokenize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize", abstract: "Not built yet (issue 6).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow model tokenize is not built yet")
    }
}
