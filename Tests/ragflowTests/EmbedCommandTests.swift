import Foundation
import Testing

/// `ragflow embed` with the default model (`make models`).
@Suite("ragflow embed")
struct EmbedCommandTests {
    static var model: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2.Q8_0.gguf").path
    }

    @Test("writes one unit-length JSON array per input line")
    func embedsLines() throws {
        try #require(FileManager.default.fileExists(atPath: Self.model), "run make models first")
        let result = try RagflowProcess.run(["embed", "--model", Self.model, "--threads", "2"], stdin: "first line\nsecond, longer line\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let vector = try JSONDecoder().decode([Float].self, from: Data(line.utf8))
            #expect(vector.count == 384)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        }
    }

    @Test("--json reads JSON strings and rejects other lines with status 2")
    func jsonInput() throws {
        try #require(FileManager.default.fileExists(atPath: Self.model), "run make models first")
        let good = try RagflowProcess.run(["embed", "--model", Self.model, "--json"], stdin: "\"two\\nlines\"\n")
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.split(separator: "\n").count == 1)
        let bad = try RagflowProcess.run(["embed", "--model", Self.model, "--json"], stdin: "not json\n")
        #expect(bad.status == 2)
    }

    @Test("a missing model fails with status 1")
    func missingModel() throws {
        let result = try RagflowProcess.run(["embed", "--model", "/nonexistent.gguf"], stdin: "x\n")
        #expect(result.status == 1)
    }
}
