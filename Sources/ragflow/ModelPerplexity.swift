import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow model perplexity`: how well a llama-architecture model predicts a text, in one window.
struct ModelPerplexity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Perplexity of a GGUF llama model over a text file (BOS + tokens, one window).")

    @Option(help: "The GGUF model file.") var model: String
    @Option(help: "The text file to score.") var file: String
    @Option(help: "Most tokens scored (BOS included).") var ctx = 512
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Flag(help: "Print {\"tokens\": N, \"ppl\": P}.") var json = false
    @Option(help: "Also write the float32 logits, shape [tokens, vocab], to this .npy file.") var saveLogits: String?
    @Option(
        name: .customLong("kv-cache"),
        help: "f32 (default) or f16: keys and values rounded to half precision as llama.cpp's default cache keeps them.")
    var kvCache: LlamaSession.CachePrecision = .f32

    func run() async throws {
        guard ctx >= 2 else { throw ValidationError("--ctx must be at least 2") }
        let llama = try LlamaModel(path: model)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let tokens = Array(llama.tokenizer.encode(text, addSpecialTokens: true).prefix(ctx))
        let pool = threads.map { ComputePool(threads: $0) } ?? .shared
        let result = try llama.perplexity(of: tokens, keepLogits: saveLogits != nil, cachePrecision: kvCache, pool: pool)
        if let saveLogits, let logits = result.logits {
            try NumpyFile.float32(logits, shape: [tokens.count, logits.count / tokens.count]).write(to: URL(fileURLWithPath: saveLogits))
        }
        if json {
            print("{\"tokens\": \(result.tokenCount), \"ppl\": \(result.perplexity)}")
        } else {
            print("tokens: \(result.tokenCount)  perplexity: \(String(format: "%.4f", result.perplexity))")
        }
    }
}

/// A NumPy `.npy` file (format 1.0) holding a little-endian float32 array.
enum NumpyFile {
    static func float32(_ values: [Float], shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Magic (6) + version (2) + length (2) + header + newline, padded to 64 bytes.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }
}
