import ArgumentParser
import Foundation
import LlamaEngine

extension BertConverter.OutputType: ExpressibleByArgument {}
extension LlamaSession.CachePrecision: ExpressibleByArgument {}

/// `ragflow model convert HF_DIR --out FILE.gguf [--type f32|f16|q8_0|q4_0]`.
struct ModelConvert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Hugging Face BERT directory to GGUF (llama.cpp's BERT layout).",
        discussion: """
            Reads config.json, model.safetensors, tokenizer.json or vocab.txt and the \
            sentence-transformers pooling config (modules.json, 1_Pooling/config.json).
            """)

    @Argument(help: "The Hugging Face model directory.")
    var directory: String

    @Option(name: .long, help: "The GGUF file to write.")
    var out: String

    @Option(name: .long, help: "Weight type: f32, f16, q8_0 or q4_0.")
    var type: BertConverter.OutputType = .f16

    @Option(name: .long, help: "general.name (default: the directory's name).")
    var name: String?

    func run() async throws {
        let summary: BertConverter.Summary
        do {
            summary = try BertConverter.convert(
                directory: URL(fileURLWithPath: directory), to: URL(fileURLWithPath: out),
                type: type, name: name)
        } catch let error as LlamaEngineError {
            throw CommandExit(1, "error: \(error)")
        }
        let megabytes = String(format: "%.1f", Double(summary.byteCount) / 1_000_000)
        print(
            "wrote \(out): \(type.rawValue), \(summary.tensorCount) tensors, "
                + "\(summary.parameterCount) parameters, \(summary.vocabularySize) tokens, "
                + "pooling \(summary.pooling?.description ?? "none"), \(megabytes) MB")
    }
}
