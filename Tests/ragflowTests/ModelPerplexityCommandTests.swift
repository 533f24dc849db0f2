import Foundation
import Testing

@Test("model perplexity prints JSON and saves logits that give the same perplexity")
func modelPerplexitySavesLogits() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ppl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = dir.appendingPathComponent("text.txt")
    try "The quick brown fox jumps over the lazy dog.".write(to: text, atomically: true, encoding: .utf8)
    let npy = dir.appendingPathComponent("logits.npy")
    let result = try RagflowProcess.run([
        "model", "perplexity", "--model", MicroLlama.path, "--file", text.path, "--ctx", "16", "--json",
        "--save-logits", npy.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(report?["tokens"] as? Int == 16)
    let ppl = try #require(report?["ppl"] as? Double)

    // The .npy: magic, a header naming shape (16, 260), then float32 logits.
    let data = try Data(contentsOf: npy)
    #expect(data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
    let headerLength = Int(data[8]) | Int(data[9]) << 8
    let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
    #expect(header.contains("'shape': (16, 260)") && header.contains("'<f4'") && (10 + headerLength) % 64 == 0)
    let logits = data[(10 + headerLength)...].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    #expect(logits.count == 16 * 260)

    // Oracle: perplexity recomputed from the saved logits and the tokens.
    let tokens = [256] + Array("The quick brown fox jumps over the lazy dog.".utf8.prefix(15)).map(Int.init)
    var nll = 0.0
    for i in 1..<16 {
        let row = logits[((i - 1) * 260)..<(i * 260)].map(Double.init)
        let m = row.max()!
        nll += m + log(row.reduce(0) { $0 + exp($1 - m) }) - row[tokens[i]]
    }
    #expect(abs(exp(nll / 15) - ppl) / ppl < 1e-6)
}
