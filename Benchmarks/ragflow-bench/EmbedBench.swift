import ArgumentParser
import Foundation
import LlamaEngine
import RAGFlow

/// `ragflow-bench embed`: one question's embedding with the layer matrices on AMX bf16 tiles
/// against the f32 FMA kernel, both models loaded in one process and asked question by
/// question in turn, so that load on the machine hits both alike. Prints p50 / p99 of each,
/// their ratio and the worst cosine between the two vectors of a question.
struct EmbedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Query embedding latency: AMX bf16 tiles against the f32 FMA kernel, same run.")

    @Option(help: "The BERT GGUF file.") var model = "models/all-MiniLM-L6-v2.Q8_0.gguf"
    @Option(help: "The questions (JSON Lines, as for ragflow eval).") var questions = "eval/questions.jsonl"
    @Option(help: "Times each question is embedded by each kernel.") var rounds = 5

    func run() throws {
        guard BF16TileWeights.available else { throw ValidationError("this CPU (or kernel) has no AMX-BF16") }
        let url = URL(fileURLWithPath: model)
        let kernels = [
            ("f32 FMA kernel", try BertEmbedder(model: url, threads: 1, tiles: false)),
            ("AMX bf16 tiles", try BertEmbedder(model: url, threads: 1, tiles: true)),
        ]
        let asked = try EvaluationQuestion.load(contentsOf: URL(fileURLWithPath: questions)).map(\.question)
        guard !asked.isEmpty else { throw ValidationError("no questions in \(questions)") }
        var samples = LatencySamples()
        var worst: (cosine: Float, question: String) = (1, "")
        for question in asked {
            let (old, new) = (try kernels[0].1.embed([question])[0], try kernels[1].1.embed([question])[0])
            let cosine = zip(old, new).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            if cosine < worst.cosine { worst = (cosine, question) }
        }
        for _ in 0..<rounds {
            for question in asked {
                for (name, embedder) in kernels { _ = try samples.time(name) { try embedder.embed([question]) } }
            }
        }
        print("\(asked.count) questions x \(rounds) rounds, one thread")
        print("kernel                     n   p50 ms   p99 ms  p50 CPU ms")
        var p50: [Double] = []
        for name in samples.names {
            let wall = samples.wall[name]!, cpu = samples.cpu[name]!
            p50.append(LatencySamples.percentile(wall, 50))
            print(
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: " %6d %8.2f %8.2f  %10.2f", wall.count, p50.last!, LatencySamples.percentile(wall, 99),
                             LatencySamples.percentile(cpu, 50)))
        }
        print(String(format: "speed-up (p50): %.2fx; worst cosine %.7f (%@)", p50[0] / p50[1], worst.cosine,
                     String(worst.question.prefix(60)) as NSString))
    }
}
