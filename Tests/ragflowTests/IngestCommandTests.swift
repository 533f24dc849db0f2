import Foundation
import RAGFlow
import Testing

/// `ragflow ingest` run as a user runs it: the built binary, the built-in pipeline, real files.
@Suite("ragflow ingest")
struct IngestCommandTests {
    let folder: CommandFolder

    init() throws {
        folder = try CommandFolder()
        try folder.writeMarkdown(count: 6, seed: 1)
    }

    @Test("--json prints exactly the promised keys, in order, and a re-run finds nothing to do")
    func jsonShape() throws {
        let first = try folder.ragflow(["ingest", "docs", "--store", "store", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(
            CommandFolder.keyOrder(first.stdout)
                == ["added", "updated", "unchanged", "removed", "failed", "documents", "chunks", "elapsed_s"])
        #expect((object["added"] as? [String])?.count == 6)
        #expect(object["documents"] as? Int == 6)
        #expect((object["chunks"] as? Int ?? 0) >= 6)
        #expect(object["elapsed_s"] is Double || object["elapsed_s"] is Int)
        let second = try folder.ragflow(["ingest", "docs", "--store", "store", "--json"])
        let again = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(again["unchanged"] as? Int == 6)
        #expect((again["added"] as? [String])?.isEmpty == true)
        // Not a terminal: no progress bar.
        #expect(!first.stderr.contains("files/s") && !first.stderr.contains("\r"))
    }

    @Test("a failing file is listed with its error and the run still exits 0")
    func failingFile() throws {
        try Data([0x61, 0, 0x62]).write(to: folder.url("docs/binary.txt"))
        let result = try folder.ragflow(["ingest", "docs", "--store", "store", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let failed = try #require(object["failed"] as? [[String: String]])
        #expect(failed.map { $0["path"] } == ["binary.txt"])
        #expect(failed.first?["error"]?.contains("binary") == true)
        #expect(CommandFolder.keyOrder(result.stdout).count == 8)
    }

    @Test("a missing path or a broken pipeline is a usage error (exit 2)")
    func usageErrors() throws {
        #expect(try folder.ragflow(["ingest", "nowhere", "--store", "store"]).status == 2)
        try Data("{\"version\": 1, \"stages\": [".utf8).write(to: folder.url("bad.json"))
        #expect(try folder.ragflow(["ingest", "docs", "--store", "store", "--pipeline", "bad.json"]).status == 2)
        #expect(try folder.ragflow(["ingest", "--store", "store"]).status == 2)
    }

    @Test("a second ingest is refused at once (exit 1), naming the process that holds the store")
    func concurrentIngestIsRefused() throws {
        let storeURL = folder.url("store")
        _ = try Store(directory: storeURL)
        let held = try StoreLock(directory: storeURL)
        let result = try folder.ragflow(["ingest", "docs", "--store", "store"])
        withExtendedLifetime(held) {}
        #expect(result.status == 1)
        #expect(result.stderr.contains("another ingest is running"))
        #expect(result.stderr.contains("pid \(getpid())"))
    }

    @Test("an ingest killed at random moments, then re-run, equals a clean ingest", arguments: [11, 12, 13, 14])
    func killedIngestIsCompletedByTheNextRun(seed: UInt64) throws {
        try folder.writeMarkdown(count: 120, seed: seed, folderName: "many")
        let clean = try folder.ragflow(["ingest", "many", "--store", "clean", "--json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let cleanTime = try #require(
            (try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])?["elapsed_s"] as? Double)
        var random = SplitMix(seed: seed)
        // Two kills per seed, somewhere between start-up and the end of a whole clean run.
        for _ in 0..<2 {
            let child = try RagflowProcess.Running(["ingest", "many", "--store", "killed"], currentDirectory: folder.directory)
            let delay = Double(random.next() % 1000) / 1000 * (cleanTime + 0.05)
            usleep(useconds_t(delay * 1_000_000))
            child.kill()
            _ = try child.wait()
        }
        let finish = try folder.ragflow(["ingest", "many", "--store", "killed"])
        #expect(finish.status == 0, "\(finish.stderr)")
        let resumed = try Store(directory: folder.url("killed"))
        try resumed.checkIntegrity()
        let expected = try Store(directory: folder.url("clean")).snapshot()
        let actual = try resumed.snapshot()
        #expect(actual.documents.map(\.path) == expected.documents.map(\.path))
        #expect(actual == expected)
        #expect(try resumed.status().lastRun?.state == .completed)
    }
}

/// A temporary working folder for running `ragflow` in, with helpers to fill it.
final class CommandFolder {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ragflow-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func url(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    /// Runs `ragflow` with this folder as the working directory.
    func ragflow(_ arguments: [String]) throws -> RagflowProcess.Result {
        try RagflowProcess.run(arguments, currentDirectory: directory)
    }

    /// Writes `count` Markdown files of seeded random prose under `folderName/`, some nested.
    func writeMarkdown(count: Int, seed: UInt64, folderName: String = "docs") throws {
        var random = SplitMix(seed: seed)
        let words = [
            "archive", "compress", "shell", "pipe", "glacier", "penguin", "kernel", "signal", "socket", "buffer",
            "thread", "river", "lantern", "harbor", "quartz", "meadow", "cipher", "orbit", "ledger", "falcon",
        ]
        for index in 0..<count {
            var text = "# Topic \(index)\n\n"
            for section in 0..<Int(1 + random.next() % 3) {
                text += "## Part \(section)\n\n"
                for _ in 0..<Int(2 + random.next() % 4) {
                    let sentence = (0..<Int(8 + random.next() % 12)).map { _ in words[Int(random.next() % UInt64(words.count))] }
                    text += sentence.joined(separator: " ") + ".\n\n"
                }
            }
            let path = index % 3 == 0 ? "\(folderName)/sub/file\(index).md" : "\(folderName)/file\(index).md"
            try FileManager.default.createDirectory(
                at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url(path))
        }
    }

    /// The top-level keys of a JSON object in the order they appear in the text.
    static func keyOrder(_ json: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.keys.compactMap { key in json.range(of: "\"\(key)\":").map { (key, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }
}

/// SplitMix64, so that a failing case can be replayed from its seed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
