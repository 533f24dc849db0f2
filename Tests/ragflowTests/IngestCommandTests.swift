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

    @Test(
        "on a terminal a progress bar shows files done and the rate; --quiet hides it",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressBarOnTerminal() throws {
        // script(1) runs the command on a pseudo-terminal and copies what it printed.
        func onTerminal(_ arguments: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "\(RagflowProcess.executable.path) \(arguments)", "/dev/null"]
            process.currentDirectoryURL = folder.directory
            let output = folder.url("terminal-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try handle.close()
            return String(decoding: try Data(contentsOf: output), as: UTF8.self)
        }
        let shown = try onTerminal("ingest docs --store bar")
        #expect(shown.contains("files/s"))
        #expect(shown.contains("/6 files"))
        let quiet = try onTerminal("ingest docs --store quiet --quiet")
        #expect(!quiet.contains("files/s"))
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

    @Test("another pipeline rebuilds the documents, says why, and is recorded for reindex")
    func pipelineChange() throws {
        #expect(try folder.ragflow(["ingest", "docs", "--store", "store", "--quiet"]).status == 0)
        let smaller = PipelineSpec.defaultJSON.replacingOccurrences(of: "\"chunk_size\": 192", with: "\"chunk_size\": 96")
        #expect(smaller != PipelineSpec.defaultJSON)
        try Data(smaller.utf8).write(to: folder.url("small.json"))
        let result = try folder.ragflow(["ingest", "docs", "--store", "store", "--pipeline", "small.json", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["updated"] as? [String])?.count == 6)
        #expect(result.stderr.contains("note: the pipeline changed"))
        let store = try Store(directory: folder.url("store"))
        #expect(try store.recordedPipelineSource() == folder.url("small.json").standardizedFileURL.path)
        #expect(try store.recordedRoots().count == 1)
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

    @Test("an ingest killed at random moments, then re-run, equals a clean ingest", arguments: [11, 12, 13])
    func killedIngestIsCompletedByTheNextRun(seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        try folder.writeMarkdown(count: 120, seed: seed, folderName: "many")
        // A first ingest killed twice, then an incremental one (files changed, deleted and
        // added) killed once: each time the next run must end where a clean ingest does.
        try killThenCompare(kills: 2, random: &random, clean: "clean")
        let files = FileManager.default.enumerator(atPath: folder.url("many").path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") }.sorted() ?? []
        for (index, file) in files.enumerated() where index % 3 != 2 {
            let url = folder.url("many/\(file)")
            if index % 3 == 0 {
                try FileManager.default.removeItem(at: url)
            } else {
                try Data("# Changed \(index)\n\nglacier harbor lantern \(index).\n".utf8).write(to: url)
            }
        }
        try folder.writeMarkdown(count: 10, seed: seed + 100, folderName: "many/new")
        try killThenCompare(kills: 1, random: &random, clean: "clean-after-changes")
    }

    /// Kills `ingest many --store killed` at seeded points within the time a clean run takes
    /// (start-up included), re-runs it, and compares the result with a clean ingest.
    private func killThenCompare(kills: Int, random: inout SplitMix, clean: String) throws {
        let started = ContinuousClock.now
        let cleanRun = try folder.ragflow(["ingest", "many", "--store", clean, "--json"])
        let cleanTime = ContinuousClock.now - started
        #expect(cleanRun.status == 0, "\(cleanRun.stderr)")
        let seconds = Double(cleanTime.components.seconds) + Double(cleanTime.components.attoseconds) * 1e-18
        for _ in 0..<kills {
            let child = try RagflowProcess.Running(["ingest", "many", "--store", "killed"], currentDirectory: folder.directory)
            usleep(useconds_t(Double(random.next() % 1000) / 1000 * seconds * 1_000_000))
            child.kill()
            _ = try child.wait()
        }
        let finish = try folder.ragflow(["ingest", "many", "--store", "killed"])
        #expect(finish.status == 0, "\(finish.stderr)")
        let resumed = try Store(directory: folder.url("killed"))
        try resumed.checkIntegrity()
        let expected = try Store(directory: folder.url(clean)).snapshot()
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
