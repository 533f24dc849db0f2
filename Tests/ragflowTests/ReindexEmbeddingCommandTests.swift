import Foundation
import RAGFlow
import Testing

/// `ragflow reindex` with the real embedding model: what it adds is found by vector search too,
/// and it still runs when the pipeline file it recorded is gone.
@Suite("ragflow reindex with embeddings")
struct ReindexEmbeddingCommandTests {
    let folder: CommandFolder

    init() throws {
        folder = try CommandFolder()
        try folder.writeMarkdown(count: 4, seed: 5)
        try ModelPipeline.write(to: folder.url("pipeline.json"))
    }

    private func ingest() throws {
        let ingest = try folder.ragflow(["ingest", "docs", "--store", "store", "--pipeline", "pipeline.json", "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
    }

    /// Rewrites `docs/file1.md` about zeppelins, a word no other file has.
    private func changeFile() throws {
        try Data("# Changed\n\nThe zeppelin is moored in its hangar beside the airfield.\n".utf8).write(to: folder.url("docs/file1.md"))
    }

    /// The source of the best chunk for `question` by vector search alone.
    private func vectorTop(_ question: String) throws -> String? {
        let result = try folder.ragflow(["query", question, "--store", "store", "--mode", "vector", "--top-k", "1", "--retrieve-only", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("unavailable"), "\(result.stderr)")
        return try QueryModesCommandTests.retrieved(result.stdout).first?["source"] as? String
    }

    @Test("a re-index after a file changes embeds its new chunks: every chunk has a vector and vector search finds the new text")
    func embedsChanges() throws {
        try #require(ModelPipeline.modelExists, "run make models first")
        try ingest()
        try changeFile()
        let reindex = try folder.ragflow(["reindex", "--store", "store"])
        #expect(reindex.status == 0, "\(reindex.stderr)")
        #expect(reindex.stdout.contains("updated   file1.md"))
        #expect(reindex.stdout.contains("chunks embedded"), "\(reindex.stdout)")
        let store = try Store(directory: folder.url("store"))
        #expect(try store.indexedChunkIDs() == store.liveChunkIDs())
        #expect(try vectorTop("where is the airship kept") == "file1.md")
        // Nothing changed: quiet, and nothing embedded.
        let idle = try folder.ragflow(["reindex", "--store", "store"])
        #expect(idle.status == 0 && idle.stdout.isEmpty && idle.stderr.isEmpty, "\(idle.stdout) \(idle.stderr)")
    }

    @Test("with the recorded pipeline file deleted, a re-index runs the copy the store kept and warns")
    func pipelineFileDeleted() throws {
        try #require(ModelPipeline.modelExists, "run make models first")
        try ingest()
        try FileManager.default.removeItem(at: folder.url("pipeline.json"))
        try changeFile()
        let reindex = try folder.ragflow(["reindex", "--store", "store"])
        #expect(reindex.status == 0, "\(reindex.stderr)")
        #expect(reindex.stderr.contains("pipeline.json is gone"), "\(reindex.stderr)")
        #expect(reindex.stdout.contains("updated   file1.md"))
        let store = try Store(directory: folder.url("store"))
        #expect(try store.indexedChunkIDs() == store.liveChunkIDs())
        #expect(try vectorTop("where is the airship kept") == "file1.md")
    }
}
