import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow embed --model FILE [--json]`: one text per input line, one JSON array per output line.
struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts read from standard input, one per line, with a BERT GGUF model.",
        discussion: """
            Writes one JSON array of floats (unit length) per input line, in order. With \
            --json each input line is a JSON string, so texts may hold newlines.
            """)

    @Option(name: .long, help: "The BERT GGUF file.")
    var model: String

    @Flag(name: .long, help: "Read each line as a JSON string.")
    var json = false

    @Option(name: .long, help: "Threads (default: one per core).")
    var threads: Int?

    @Flag(name: .long, help: "Print texts, tokens and texts per second to standard error.")
    var stats = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let embedder: BertEmbedder
        do {
            embedder = try BertEmbedder(model: URL(fileURLWithPath: model), threads: threads)
        } catch let error as LlamaEngineError {
            throw CommandExit(1, "error: \(error)")
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var texts: [String] = []
        for (number, line) in lines.enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if json {
                guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
                    throw CommandExit(2, "error: line \(number + 1) is not a JSON string")
                }
                texts.append(text)
            } else {
                texts.append(String(line))
            }
        }
        let started = Date()
        let vectors: [[Float]]
        do {
            vectors = try embedder.embed(texts)
        } catch let error as LlamaEngineError {
            throw CommandExit(1, "error: \(error)")
        }
        let seconds = Date().timeIntervalSince(started)
        var output = ""
        for vector in vectors {
            output += "[" + vector.map { "\($0)" }.joined(separator: ",") + "]\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if stats {
            let tokens = texts.reduce(0) { $0 + embedder.tokenCount($1) }
            let rate = String(format: "%.2f", Double(texts.count) / max(seconds, 1e-9))
            FileHandle.standardError.write(Data(
                "embedded \(texts.count) texts (\(tokens) tokens) in \(String(format: "%.3f", seconds)) s: \(rate) texts/s\n".utf8))
        }
    }
}
