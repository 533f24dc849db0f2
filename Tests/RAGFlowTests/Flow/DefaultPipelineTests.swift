import Foundation
import RAGFlow
import Testing

@Suite("Built-in default pipeline and fingerprints")
struct DefaultPipelineTests {
    @Test("the built-in default is byte for byte pipelines/default.json")
    func embeddedEqualsFile() throws {
        let file = try String(contentsOf: PipelineFixtures.repositoryRoot.appendingPathComponent("pipelines/default.json"), encoding: .utf8)
        #expect(PipelineSpec.defaultJSON == file)
    }

    @Test("the ingest fingerprint is stable and ignores name and later stages")
    func fingerprintIgnoresWhatDoesNotShapeChunks() throws {
        let base = try PipelineSpec(json: Data(PipelineFixtures.minimal().utf8))
        let again = try PipelineSpec(json: Data(PipelineFixtures.minimal().utf8))
        let renamed = try PipelineSpec(json: Data(PipelineFixtures.minimal(extra: [#"{"stage": "generator", "kind": "extractive"}"#])
            .replacingOccurrences(of: "\"test\"", with: "\"other\"").utf8))
        #expect(base.ingestFingerprint() == again.ingestFingerprint())
        #expect(base.ingestFingerprint() == renamed.ingestFingerprint())
        #expect(base.ingestFingerprint().count == 64)
    }

    @Test("defaults written out or left implicit give the same fingerprint")
    func defaultsAreCanonical() throws {
        let implicit = try PipelineSpec(json: Data(PipelineFixtures.minimal().utf8))
        let explicit = try PipelineSpec(json: Data(PipelineFixtures.minimal(chunker: #"{"chunk_overlap": 0, "kind": "fixed", "stage": "chunker", "chunk_size": 64.0}"#).utf8))
        #expect(implicit.ingestFingerprint() == explicit.ingestFingerprint())
    }

    @Test("chunking settings, cleaners and the token counter change the ingest fingerprint")
    func fingerprintFollowsIngestSettings() throws {
        let base = try PipelineSpec(json: Data(PipelineFixtures.minimal().utf8)).ingestFingerprint()
        let bigger = try PipelineSpec(json: Data(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": 65}"#).utf8))
        let sentence = try PipelineSpec(json: Data(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "sentence", "chunk_size": 64}"#).utf8))
        let cleaned = try PipelineSpec(json: Data(PipelineFixtures.minimal(chunker: #"{"stage": "cleaner", "kind": "whitespace"}, {"stage": "chunker", "kind": "fixed", "chunk_size": 64}"#).utf8))
        struct OtherCounter: TokenCounter {
            var identifier: String { "other" }
            func countTokens(in text: Substring) -> Int { text.count }
        }
        let recounted = try PipelineSpec(json: Data(PipelineFixtures.minimal().utf8)).ingestFingerprint(tokenCounter: OtherCounter())
        let all = [base, bigger.ingestFingerprint(), sentence.ingestFingerprint(), cleaned.ingestFingerprint(), recounted]
        #expect(Set(all).count == all.count)
    }

    @Test("the embedder fingerprint follows the model file's content and the prefixes")
    func embedderFingerprint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embedder-fp-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.gguf")
        try Data(repeating: 7, count: 3 << 20).write(to: model)
        func spec(prefix: String) throws -> PipelineSpec {
            try PipelineSpec(json: Data(PipelineFixtures.minimal(extra: [
                #"{"stage": "embedder", "kind": "llama", "model": "\#(model.path)", "query_prefix": "\#(prefix)"}"#,
            ]).utf8))
        }
        let first = try #require(try spec(prefix: "").embedderFingerprint())
        #expect(try spec(prefix: "").embedderFingerprint() == first)
        #expect(try spec(prefix: "query: ").embedderFingerprint() != first)
        var bytes = [UInt8](repeating: 7, count: 3 << 20)
        bytes[bytes.count - 1] = 8
        try Data(bytes).write(to: model)
        #expect(try spec(prefix: "").embedderFingerprint() != first)
        #expect(try PipelineSpec(json: Data(PipelineFixtures.minimal().utf8)).embedderFingerprint() == nil)
        try FileManager.default.removeItem(at: model)
        #expect(throws: RAGFlowError.self) { try spec(prefix: "").embedderFingerprint() }
    }
}
