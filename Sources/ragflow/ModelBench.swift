import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow model bench`: prompt processing and generation speed, measured as llama-bench does
/// (pp: one batch of random tokens into an empty cache; tg: tokens decoded one at a time).
struct ModelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Prompt processing and generation tokens per second of a GGUF llama model.")

    @Option(help: "The GGUF model file.") var model: String
    @Option(name: .customShort("p"), help: "Prompt tokens.") var promptTokens = 512
    @Option(name: .customShort("n"), help: "Generated tokens.") var generatedTokens = 128
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Repetitions (the best is kept).") var repetitions = 1
    @Flag(help: "Print {\"pp_tok_s\": X, \"tg_tok_s\": Y}.") var json = false

    func run() async throws {
        let llama = try LlamaModel(path: model)
        let pool = threads.map { ComputePool(threads: $0) } ?? .shared
        let vocabulary = Int32(llama.configuration.vocabularySize)
        var generator = SeededGenerator(seed: 1)
        func randomTokens(_ n: Int) -> [Int32] { (0..<n).map { _ in Int32.random(in: 0..<vocabulary, using: &generator) } }
        let session = llama.makeSession(contextLength: max(promptTokens, generatedTokens) + 1, pool: pool)
        // Warm-up: touch every weight once so page faults do not count.
        _ = try session.evaluate(randomTokens(1))
        var pp = 0.0, tg = 0.0
        for _ in 0..<max(1, repetitions) {
            if promptTokens > 0 {
                session.reset()
                let tokens = randomTokens(promptTokens)
                let start = Date()
                _ = try session.evaluate(tokens)
                pp = max(pp, Double(promptTokens) / Date().timeIntervalSince(start))
            }
            if generatedTokens > 0 {
                session.reset()
                let start = Date()
                for token in randomTokens(generatedTokens) { _ = try session.evaluate([token]) }
                tg = max(tg, Double(generatedTokens) / Date().timeIntervalSince(start))
            }
        }
        if json {
            print("{\"pp_tok_s\": \(String(format: "%.2f", pp)), \"tg_tok_s\": \(String(format: "%.2f", tg))}")
        } else {
            let gb = Double(llama.weightBytesPerToken) / 1e9
            print(String(format: "pp%d: %.2f tok/s   tg%d: %.2f tok/s   (%.3f GB of weights per token, %.1f GB/s in generation)",
                         promptTokens, pp, generatedTokens, tg, gb, gb * tg))
        }
    }
}
