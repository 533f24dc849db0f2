import Foundation
import Testing

@Suite("ragflow query")
struct QueryCommandTests {
    @Test("--json prints the question and ranked chunks in the promised shape")
    func jsonShape() throws {
        let folder = try CommandFolder()
        try FileManager.default.createDirectory(at: folder.url("docs"), withIntermediateDirectories: true)
        try Data("# Birds\n\nPenguins cannot fly but swim well.\n".utf8).write(to: folder.url("docs/birds.md"))
        try Data("# Tools\n\nThe tar command \"creates\" archives.\n".utf8).write(to: folder.url("docs/tools.md"))
        #expect(try folder.ragflow(["ingest", "docs", "--store", "s", "--quiet"]).status == 0)
        let result = try folder.ragflow(["query", "Can penguins fly?", "--store", "s", "--top-k", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(CommandFolder.keyOrder(result.stdout) == ["question", "retrieved", "answer", "generator", "citations", "unsupported_sentences"])
        #expect(object["question"] as? String == "Can penguins fly?")
        let retrieved = try #require(object["retrieved"] as? [[String: Any]])
        #expect(retrieved.count == 1)
        let first = try #require(retrieved.first)
        #expect(Set(first.keys) == ["rank", "source", "page", "chunk_id", "score", "text"])
        #expect(first["rank"] as? Int == 1)
        #expect(first["source"] as? String == "birds.md")
        #expect(first["page"] is NSNull)
        #expect(first["chunk_id"] is Int)
        #expect((first["text"] as? String)?.contains("Penguins") == true)
        // FTS5 syntax in a question is just text.
        let odd = try folder.ragflow(["query", #"tar "creates" NEAR( -archives*"#, "--store", "s", "--json"])
        #expect(odd.status == 0, "\(odd.stderr)")
        #expect(odd.stdout.contains("tools.md"))
    }

    @Test("querying a store that does not exist fails with a hint")
    func missingStore() throws {
        let folder = try CommandFolder()
        let result = try folder.ragflow(["query", "anything", "--store", "nothing-here"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ragflow ingest"))
        #expect(!FileManager.default.fileExists(atPath: folder.url("nothing-here").path))
    }
}
