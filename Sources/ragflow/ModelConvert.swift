import ArgumentParser

struct ModelConvert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert", abstract: "Not built yet (issue 4).", shouldDisplay: false)

    func run() async throws {
        throw CommandExit(1, "ragflow model convert is not built yet")
    }
}
