import Foundation
import Testing

/// A micro llama GGUF (byte vocabulary, 2 layers) from the engine's test fixtures.
enum MicroLlama {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../LlamaEngineTests/Llama/Fixtures/micro-Q8_0.gguf").standardized.path
}

@Test("model tokenize prints the ids of standard input with BOS")
func modelTokenizePrintsIDs() throws {
    let plain = try RagflowProcess.run(["model", "tokenize", "--model", MicroLlama.path], stdin: "hi")
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout == "256 104 105\n")
    let json = try RagflowProcess.run(["model", "tokenize", "--model", MicroLlama.path, "--json", "--parse-special"],
                                      stdin: "a<|eot_id|>")
    #expect(json.stdout == "[256, 97, 258]\n")
}

@Test("model tokenize fails cleanly on a missing model")
func modelTokenizeMissingModel() throws {
    let result = try RagflowProcess.run(["model", "tokenize", "--model", "/nonexistent.gguf"], stdin: "x")
    #expect(result.status != 0)
    #expect(!result.stderr.isEmpty)
}
