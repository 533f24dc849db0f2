import Foundation
import RAGFlow
import Testing

/// The line `ragflow schedule --print-crontab` prints, run as cron runs it: by `sh` from another
/// directory. A pipeline's relative model path must still resolve.
@Suite("the printed crontab line")
struct CrontabLineTests {
    @Test("run by sh from another directory, the line re-indexes and embeds with a relative model path")
    func lineRunsFromElsewhere() throws {
        try #require(ModelPipeline.modelExists, "run make models first")
        let folder = try CommandFolder()
        try folder.writeMarkdown(count: 3, seed: 11)
        // A relative model path, as pipelines/default.json has, resolved from the folder.
        try FileManager.default.createSymbolicLink(
            at: folder.url("models"), withDestinationURL: ModelPipeline.repository.appendingPathComponent("models"))
        try ModelPipeline.write(to: folder.url("pipeline.json"), model: "models/all-MiniLM-L6-v2.Q8_0.gguf")
        let ingest = try folder.ragflow(["ingest", "docs", "--store", "store", "--pipeline", "pipeline.json", "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")

        let printed = try RagflowProcess.run(
            ["schedule", "--print-crontab", "--cron", "*/5 * * * *", "--store", "store"], currentDirectory: folder.directory)
        #expect(printed.status == 0, "\(printed.stderr)")
        let fields = printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 5)
        try #require(fields.count == 6, "\(printed.stdout)")
        #expect(fields.prefix(5).joined(separator: " ") == "*/5 * * * *")

        try Data("# Changed\n\nThe lighthouse keeper trims the wick at dusk.\n".utf8).write(to: folder.url("docs/file1.md"))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", String(fields[5])]
        shell.currentDirectoryURL = URL(fileURLWithPath: "/")
        try shell.run()
        shell.waitUntilExit()
        let log = (try? String(contentsOf: folder.url("store/reindex.log"), encoding: .utf8)) ?? ""
        #expect(shell.terminationStatus == 0, "\(log)")
        let store = try Store(directory: folder.url("store"))
        #expect(try store.searchBM25("lighthouse", limit: 1).first?.source == "file1.md")
        #expect(try store.indexedChunkIDs() == store.liveChunkIDs())
    }
}
