import Foundation
import Testing

/// `ragflow query --mode/--filter/--retrieve-only` and `ragflow eval` on `samples/`, with the
/// real MiniLM model named by absolute path in a pipeline file.
@Suite("ragflow query modes and eval")
struct QueryModesCommandTests {
    static var repository: URL { ModelPipeline.repository }
    static var model: String { ModelPipeline.model }

    /// A folder with `samples/` ingested into `s` by the default pipeline pointing at `model`.
    static func ingestedSamples(model: String = QueryModesCommandTests.model) throws -> CommandFolder {
        let folder = try CommandFolder()
        try ModelPipeline.write(to: folder.url("pipeline.json"), model: model)
        let ingest = try folder.ragflow([
            "ingest", repository.appendingPathComponent("samples").path, "--store", "s", "--pipeline", "pipeline.json", "--quiet",
        ])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return folder
    }

    static func retrieved(_ stdout: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        return try #require(object["retrieved"] as? [[String: Any]])
    }

    @Test("--mode vector, bm25 and hybrid keep the JSON shape; --filter and --top-k apply")
    func modesAndFilters() throws {
        try #require(FileManager.default.fileExists(atPath: Self.model), "run make models first")
        let folder = try Self.ingestedSamples()
        for mode in ["vector", "bm25", "hybrid"] {
            let result = try folder.ragflow([
                "query", "how should I treat mites in my hives", "--store", "s", "--mode", mode, "--top-k", "3",
                "--retrieve-only", "--json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("unavailable"), "\(mode): \(result.stderr)")
            #expect(CommandFolder.keyOrder(result.stdout) == ["question", "retrieved"])
            let chunks = try Self.retrieved(result.stdout)
            #expect(chunks.count == 3)
            #expect(chunks.allSatisfy { Set($0.keys) == ["rank", "source", "page", "chunk_id", "score", "text"] })
            #expect(chunks.map { $0["rank"] as? Int } == [1, 2, 3])
        }
        let filtered = try folder.ragflow([
            "query", "how should I treat mites", "--store", "s", "--filter", "type=pdf", "--filter", "pages=2-3", "--json",
        ])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        let pdfChunks = try Self.retrieved(filtered.stdout)
        #expect(!pdfChunks.isEmpty)
        #expect(pdfChunks.allSatisfy { $0["source"] as? String == "hive-inspection-guide.pdf" && ($0["page"] as? Int ?? 0) >= 1 })
        let bad = try folder.ragflow(["query", "x", "--store", "s", "--filter", "colour=red"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown filter key"))
    }

    @Test("without the model, ingest warns and hybrid queries fall back to BM25, saying why")
    func missingModelFallsBack() throws {
        let folder = try Self.ingestedSamples(model: "/nonexistent/model.gguf")
        let result = try folder.ragflow(["query", "varroa mites", "--store", "s", "--mode", "hybrid", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("hybrid retrieval is unavailable, using bm25"))
        #expect(try !Self.retrieved(result.stdout).isEmpty)
        let ingest = try folder.ragflow(["ingest", Self.repository.appendingPathComponent("samples").path, "--store", "s", "--pipeline", "pipeline.json"])
        #expect(ingest.stderr.contains("warning: no embeddings were made"))
    }

    @Test("eval prints a table and JSON with every mode on a tiny question set")
    func evalTinySet() throws {
        try #require(FileManager.default.fileExists(atPath: Self.model), "run make models first")
        let folder = try Self.ingestedSamples()
        let questions = """
            {"q": "what do we do about varroa", "source": "varroa-mites.html"}
            {"q": "how do I split a colony that wants to swarm", "source": "hive-inspection-guide.pdf", "pages": [2]}
            {"q": "when can members take honey off the hives", "source": "honey-harvest.md", "note": "ignored"}
            """
        try Data(questions.utf8).write(to: folder.url("q.jsonl"))
        let json = try folder.ragflow(["eval", "q.jsonl", "--store", "s", "--k", "3", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["questions"] as? Int == 3 && object["k"] as? Int == 3)
        let modes = try #require(object["modes"] as? [[String: Any]])
        #expect(modes.compactMap { $0["mode"] as? String } == ["vector", "bm25", "hybrid"])
        for mode in modes {
            let hitAtK = try #require(mode["hit_at_k"] as? Double, "\(mode)")
            #expect((0...1).contains(hitAtK))
            #expect(mode["page_questions"] as? Int == 1)
        }
        let table = try folder.ragflow(["eval", "q.jsonl", "--store", "s"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("hit@5") && table.stdout.contains("hybrid"))
        let broken = try folder.ragflow(["eval", "missing.jsonl", "--store", "s"])
        #expect(broken.status == 2)
    }
}
