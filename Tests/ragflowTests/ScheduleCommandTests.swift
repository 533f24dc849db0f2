import Foundation
import RAGFlow
import Testing

/// `ragflow schedule` in the foreground with a real every-minute expression: it waits for real
/// minute boundaries, so this suite holds the one test that does.
@Suite("ragflow schedule")
struct ScheduleCommandTests {
    @Test("an every-minute schedule re-indexes, and a later run picks up and embeds a changed file")
    func everyMinute() throws {
        try #require(ModelPipeline.modelExists, "run make models first")
        let folder = try CommandFolder()
        try folder.writeMarkdown(count: 4, seed: 3)
        try ModelPipeline.write(to: folder.url("pipeline.json"))
        let ingest = try folder.ragflow(["ingest", "docs", "--store", "store", "--pipeline", "pipeline.json", "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let store = try Store(directory: folder.url("store"))
        let ingestRun = try #require(try store.status().lastRun?.id)
        let schedule = try RagflowProcess.Running(
            ["schedule", "--cron", "* * * * *", "--store", "store"], currentDirectory: folder.directory)
        defer { if schedule.process.isRunning { schedule.kill() } }
        // The first scheduled run finds nothing to do.
        let first = try waitFor(store) { $0.lastRun.map { $0.id > ingestRun && $0.state == .completed } ?? false }
        #expect(first?.lastRun?.updated == 0)
        try Data("# Changed\n\nThe zeppelin is moored in its hangar beside the airfield.\n".utf8).write(to: folder.url("docs/file1.md"))
        let second = try waitFor(store) { $0.lastRun.map { $0.id > first?.lastRun?.id ?? .max && $0.state == .completed } ?? false }
        #expect(second?.lastRun?.updated == 1)
        #expect(try store.searchBM25("zeppelin", limit: 1).first?.source == "file1.md")
        // The scheduled run embeds the new chunk after the sync's run record completes (the
        // embedding stage follows under the same lock): wait for it, then vector search alone
        // finds it.
        let deadline = Date().addingTimeInterval(120)
        while try store.indexedChunkIDs() != store.liveChunkIDs(), Date() < deadline { usleep(500_000) }
        #expect(try store.indexedChunkIDs() == store.liveChunkIDs())
        let vector = try folder.ragflow(["query", "where are airships kept", "--store", "store", "--mode", "vector", "--top-k", "1", "--retrieve-only", "--json"])
        #expect(vector.status == 0 && !vector.stderr.contains("unavailable"), "\(vector.stderr)")
        #expect(try QueryModesCommandTests.retrieved(vector.stdout).first?["source"] as? String == "file1.md")
        _ = kill(schedule.pid, SIGTERM)
        let result = try schedule.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ended with status 0 (done)"))
        #expect(result.stdout.contains("received SIGTERM; stopping"))
        #expect(result.stdout.contains("updated   file1.md"))
    }

    /// Polls the store's status until `done` holds; gives up after three minutes (a run is due
    /// at every minute boundary, so two fit well within that).
    private func waitFor(_ store: Store, _ done: (StoreStatus) -> Bool) throws -> StoreStatus? {
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            let status = try store.status()
            if done(status) { return status }
            usleep(500_000)
        }
        Issue.record("no scheduled run completed within three minutes")
        return nil
    }
}
