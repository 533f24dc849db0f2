import Foundation
import RAGFlow
import Testing

/// `ragflow reindex` as cron runs it: the built binary on a store built by `ragflow ingest`.
@Suite("ragflow reindex")
struct ReindexCommandTests {
    let folder: CommandFolder

    init() throws {
        folder = try CommandFolder()
        try folder.writeMarkdown(count: 6, seed: 7)
        let ingest = try folder.ragflow(["ingest", "docs", "--store", "store", "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
    }

    @Test("prints nothing when nothing changed, and lists what changed otherwise")
    func quietUnlessChanged() throws {
        let idle = try folder.ragflow(["reindex", "--store", "store"])
        #expect(idle.status == 0, "\(idle.stderr)")
        #expect(idle.stdout.isEmpty && idle.stderr.isEmpty)
        try Data("# Changed\n\nzeppelin hangar.\n".utf8).write(to: folder.url("docs/file1.md"))
        try FileManager.default.removeItem(at: folder.url("docs/file2.md"))
        let busy = try folder.ragflow(["reindex", "--store", "store"])
        #expect(busy.status == 0, "\(busy.stderr)")
        #expect(busy.stdout.contains("updated   file1.md"))
        #expect(busy.stdout.contains("removed   file2.md"))
        #expect(try Store(directory: folder.url("store")).searchBM25("zeppelin", limit: 1).first?.source == "file1.md")
    }

    @Test("--json prints the ingest summary object even when nothing changed")
    func json() throws {
        let result = try folder.ragflow(["reindex", "--store", "store", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            CommandFolder.keyOrder(result.stdout)
                == ["added", "updated", "unchanged", "removed", "failed", "documents", "chunks", "elapsed_s"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["unchanged"] as? Int == 6)
    }

    @Test("exits 75 and names the holder while another writer holds the store's lock")
    func lockHeld() throws {
        var lock: StoreLock? = try StoreLock(directory: folder.url("store"))
        let result = try folder.ragflow(["reindex", "--store", "store"])
        #expect(result.status == 75)
        #expect(result.stderr.contains("pid \(getpid())"), "\(result.stderr)")
        #expect(lock != nil)
        lock = nil  // released: the next run goes ahead
        let after = try folder.ragflow(["reindex", "--store", "store"])
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test("exits 1 with a message for a folder that is not a store, and re-ingests the recorded pipeline file")
    func notAStoreAndRecordedPipeline() throws {
        let missing = try folder.ragflow(["reindex", "--store", "nowhere"])
        #expect(missing.status == 1)
        #expect(!missing.stderr.isEmpty)
        // A pipeline file recorded by ingest is the one reindex runs: its fingerprint stays.
        try Data(PipelineSpec.defaultJSON.replacingOccurrences(of: "\"name\": \"default\"", with: "\"name\": \"mine\"").utf8)
            .write(to: folder.url("mine.json"))
        let ingest = try folder.ragflow(["ingest", "docs", "--store", "other", "--pipeline", "mine.json", "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let before = try Store(directory: folder.url("other")).status().pipelineFingerprint
        let reindex = try folder.ragflow(["reindex", "--store", "other"])
        #expect(reindex.status == 0 && reindex.stdout.isEmpty, "\(reindex.stdout) \(reindex.stderr)")
        #expect(try Store(directory: folder.url("other")).status().pipelineFingerprint == before)
        #expect(try Store(directory: folder.url("other")).recordedPipelineSource()?.hasSuffix("/mine.json") == true)
    }

    @Test("SIGTERM stops a run between files; the store stays consistent and the next run completes", arguments: [11, 12])
    func sigterm(seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        try folder.writeMarkdown(count: 150, seed: seed, folderName: "many")
        let first = try folder.ragflow(["ingest", "many", "--store", "big", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        try rewrite(folder: "many", seed: seed)
        let started = ContinuousClock.now
        let clean = try folder.ragflow(["ingest", "many", "--store", "clean", "--quiet"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let child = try RagflowProcess.Running(["reindex", "--store", "big"], currentDirectory: folder.directory)
        usleep(useconds_t((0.2 + 0.6 * Double(random.next() % 1000) / 1000) * seconds * 1_000_000))
        _ = kill(child.pid, SIGTERM)
        let stopped = try child.wait()
        // 0 when the run ended before the signal arrived, 1 for a stop between files, and
        // death by the signal when it came before the handler was installed: all safe.
        let signalled = child.process.terminationReason == .uncaughtSignal
        #expect(stopped.status == 0 || stopped.status == 1 || signalled, "\(stopped.stderr)")
        let store = try Store(directory: folder.url("big"))
        try store.checkIntegrity()
        if stopped.status == 1 && !signalled { #expect(try store.status().lastRun?.state == .interrupted) }
        let next = try folder.ragflow(["reindex", "--store", "big"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try store.status().lastRun?.state == .completed)
        #expect(try store.snapshot() == Store(directory: folder.url("clean")).snapshot())
    }

    /// Gives every file of `folder` new text, so that a re-index parses them all again.
    private func rewrite(folder name: String, seed: UInt64) throws {
        let root = folder.url(name)
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") }.sorted() ?? []
        for (index, file) in files.enumerated() {
            let text = "# Rewritten \(index)\n\nzeppelin hangar \(seed) \(index) lantern meadow.\n"
            try Data(text.utf8).write(to: root.appendingPathComponent(file))
        }
    }
}
