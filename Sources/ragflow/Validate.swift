import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow validate [FILE]`: checks a pipeline before anything runs. Prints every problem with
/// its line, column and JSON path and exits 2, or prints a summary and exits 0.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline file without running it.",
        discussion: """
            Prints every problem found (line:column, JSON path, what was expected and found) and \
            exits with status 2, or prints a summary of the stages and exits with status 0. \
            Without FILE, checks the built-in default pipeline. Nothing is read or written \
            besides FILE.
            """)

    @Argument(help: "The pipeline JSON file (default: the built-in pipeline).")
    var file: String?

    @Flag(help: "Print the built-in default pipeline's JSON and exit.")
    var printDefault = false

    func run() async throws {
        if printDefault {
            print(PipelineSpec.defaultJSON, terminator: "")
            return
        }
        let name = file ?? "built-in default"
        let data: Data
        if let file {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CommandExit(2, "\(file): cannot read the pipeline file: \(error.localizedDescription)")
            }
        } else {
            data = Data(PipelineSpec.defaultJSON.utf8)
        }
        let result = PipelineSpec.validate(data)
        for issue in result.issues {
            let located = issue.line != nil ? "\(name):\(issue)" : "\(name): \(issue)"
            FileHandle.standardError.write(Data((located + "\n").utf8))
        }
        guard let spec = result.spec else {
            let count = result.errors.count
            throw CommandExit(2, "\(name): \(count) error\(count == 1 ? "" : "s"); the pipeline is not valid")
        }
        print("\(name): OK, pipeline \"\(spec.name)\"")
        for line in Self.summary(of: spec) { print("  " + line) }
    }

    static func summary(of spec: PipelineSpec) -> [String] {
        var lines = [
            "loaders:   " + spec.loaders.map { "\($0.kind) (\($0.extensions.joined(separator: " ")))" }.joined(separator: ", "),
            "cleaners:  " + (spec.cleaners.isEmpty ? "none" : spec.cleaners.map(\.kind).joined(separator: ", ")),
            "chunker:   \(spec.chunker.kind)",
        ]
        if let embedder = spec.embedder { lines.append("embedder:  llama \(embedder.model)") }
        if let index = spec.vectorIndex { lines.append("index:     hnsw \(index.metric.rawValue), m \(index.m)") }
        if let retriever = spec.retriever { lines.append("retriever: \(retriever.mode.rawValue), top_k \(retriever.topK)") }
        if let generator = spec.generator {
            switch generator {
            case .extractive: lines.append("generator: extractive")
            case .llama(let settings): lines.append("generator: llama \(settings.model)")
            }
        }
        lines.append("ingest fingerprint: \(spec.ingestFingerprint())")
        return lines
    }
}
