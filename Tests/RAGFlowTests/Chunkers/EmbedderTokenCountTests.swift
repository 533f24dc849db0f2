import Foundation
import LlamaEngine
import RAGFlow
import Testing

/// Chunk sizes are counted with the embedder's WordPiece tokenizer once its model file exists,
/// so that no chunk is truncated by the embedder (issue 2: "tokens are counted with the
/// embedder's tokenizer once the engine has one").
@Suite("chunk tokens counted by the embedder's tokenizer")
struct EmbedderTokenCountTests {
    static func spec(model: String, chunker: String) throws -> PipelineSpec {
        let embedder = #"{"stage": "embedder", "kind": "llama", "model": "\#(model)"}"#
        return try PipelineSpec(json: Data(PipelineFixtures.minimal(chunker: chunker, extra: [embedder]).utf8))
    }

    /// Prose with what WordPiece splits and a word estimate does not: long rare words, code,
    /// numbers, accents, CJK, URLs.
    static let text: String = (0..<40).map { index in
        """
        Paragraph \(index): the antidisestablishmentarianism of `git rebase --interactive HEAD~\(index)` \
        costs 3.14159 × 10^\(index) units; crème brûlée, naïve façade, 東京都庁 and https://example.org/a/b?c=\(index). \
        Short words follow here so that sentences vary in length.
        """
    }.joined(separator: "\n\n")

    func file(_ text: String) throws -> SourceFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokcount-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("prose.txt")
        try Data(text.utf8).write(to: url)
        return SourceFile(url: url, relativePath: "prose.txt", size: text.utf8.count, modified: Date())
    }

    @Test("every chunk fits chunk_size in the embedder's own tokens", arguments: ["fixed", "sentence", "structure"])
    func chunksFitInModelTokens(kind: String) throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let limit = 48
        let chunker = #"{"stage": "chunker", "kind": "\#(kind)", "chunk_size": \#(limit), "chunk_overlap": 8}"#
        let spec = try Self.spec(model: EmbeddingFixtures.modelPath, chunker: chunker)
        #expect(spec.chunkTokenCounter() is TokenizerCounter)

        let source = try file(Self.text)
        defer { try? FileManager.default.removeItem(at: source.url.deletingLastPathComponent()) }
        let (_, chunks) = try PipelineProcessor(spec: spec).process(source)
        let tokenizer = try WordPieceTokenizer(file: GGUFFile(contentsOf: URL(fileURLWithPath: EmbeddingFixtures.modelPath)))
        let counts = chunks.map { tokenizer.encode($0.text, addSpecialTokens: false).count }
        #expect(chunks.count > 10)
        #expect(counts.allSatisfy { $0 <= limit }, "\(counts)")
        // Packing fills windows: most chunks come close to the limit.
        #expect(counts.filter { $0 >= limit / 2 }.count * 2 >= counts.count, "\(counts)")
    }

    @Test("without a readable model file the word estimate counts, under another fingerprint")
    func missingModelFallsBackToWords() throws {
        try #require(EmbeddingFixtures.modelExists, "run make models first")
        let chunker = #"{"stage": "chunker", "kind": "sentence", "chunk_size": 64}"#
        let missing = try Self.spec(model: "/nonexistent/model.gguf", chunker: chunker)
        #expect(missing.chunkTokenCounter() is WordTokenCounter)
        let real = try Self.spec(model: EmbeddingFixtures.modelPath, chunker: chunker)
        #expect(missing.ingestFingerprint() != real.ingestFingerprint())
        #expect(try PipelineProcessor(spec: real).fingerprint == real.ingestFingerprint())
    }
}
