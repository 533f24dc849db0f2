import ArgumentParser

struct ModelPerplexity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity", abstract: "Not built yet (issue 6).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow model perplexity is not built yet")
    }
}
