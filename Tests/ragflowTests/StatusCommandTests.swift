import Foundation
import Testing

@Suite("ragflow status")
struct StatusCommandTests {
    @Test("status shows documents, chunks, failed files with errors and the last run")
    func showsStore() throws {
        let folder = try CommandFolder()
        try folder.writeMarkdown(count: 3, seed: 5)
        try Data([0x61, 0, 0x62]).write(to: folder.url("docs/binary.txt"))
        #expect(try folder.ragflow(["ingest", "docs", "--store", "s", "--quiet"]).status == 0)
        let text = try folder.ragflow(["status", "--store", "s"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("documents  3"))
        #expect(text.stdout.contains("binary.txt"))
        #expect(text.stdout.contains("completed"))
        let json = try folder.ragflow(["status", "--store", "s", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["documents"] as? Int == 3)
        #expect((object["failed"] as? [[String: String]])?.first?["path"] == "binary.txt")
        let lastRun = try #require(object["last_run"] as? [String: Any])
        #expect(lastRun["status"] as? String == "completed")
        #expect(lastRun["added"] as? Int == 3 && lastRun["failed"] as? Int == 1)
    }
}
