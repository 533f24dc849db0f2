import Foundation
import RAGFlow
import Testing

/// Incremental sync against a real store on disk and real files in a temporary folder.
@Suite("Synchronizer")
struct SynchronizerTests {
    let corpus: TemporaryCorpus
    let processor = PlainTextProcessor()

    init() throws {
        corpus = try TemporaryCorpus()
        try corpus.write("guide/install.md", "Installing\n\nRun the installer with sudo.\n\nThen reboot the machine.")
        try corpus.write("guide/usage.txt", "Usage\n\nCall ragflow with a folder of documents.")
        try corpus.write("notes.txt", "Penguins live in Antarctica.\n\nThey cannot fly.")
    }

    func ingest(_ processor: PlainTextProcessor? = nil) throws -> IngestReport {
        let store = try Store(directory: corpus.store)
        return try Synchronizer(store: store, processor: processor ?? self.processor).ingest([corpus.root])
    }

    func search(_ text: String) throws -> [String] {
        try Store(directory: corpus.store).searchBM25(text, limit: 10).map(\.text)
    }

    @Test("a first ingest adds every file and makes its chunks searchable")
    func firstIngest() throws {
        let report = try ingest()
        #expect(report.added == ["guide/install.md", "guide/usage.txt", "notes.txt"])
        #expect(report.updated.isEmpty && report.removed.isEmpty && report.failed.isEmpty && report.unchanged == 0)
        #expect(report.documents == 3)
        #expect(report.chunks == 7)
        #expect(try search("penguins") == ["Penguins live in Antarctica."])
    }

    @Test("a file whose size and time did not change is not read at all")
    func unchangedFileIsNotRead() throws {
        _ = try ingest()
        _ = processor.takeReadPaths()
        // Same size, same time, different bytes: only a sync that reads the file would notice.
        let time = try corpus.modified("notes.txt")
        try corpus.write("notes.txt", "Pelicans live in Antarctica.\n\nThey cannot fly.")
        try corpus.setModified("notes.txt", time)
        let report = try ingest()
        #expect(report.unchanged == 3)
        #expect(!report.changedOrFailed)
        #expect(processor.takeReadPaths().isEmpty)
        #expect(try search("pelicans").isEmpty)
    }

    @Test("a touched file is hashed, found unchanged, and its new time recorded")
    func touchedFileIsSkippedAfterHashing() throws {
        _ = try ingest()
        _ = processor.takeReadPaths()
        try corpus.touch("notes.txt", by: 3600)
        let touched = try ingest()
        #expect(touched.unchanged == 3 && !touched.changedOrFailed)
        #expect(processor.takeReadPaths().isEmpty)
        // The new time was recorded: swapping the bytes (same size and time) now goes unseen,
        // which shows the next run compared against the new time without hashing.
        let time = try corpus.modified("notes.txt")
        try corpus.write("notes.txt", "Pelicans live in Antarctica.\n\nThey cannot fly.")
        try corpus.setModified("notes.txt", time)
        #expect(try ingest().unchanged == 3)
        #expect(try search("pelicans").isEmpty)
    }

    @Test("a modified file is parsed again and its chunks replaced")
    func modifiedFileIsReplaced() throws {
        _ = try ingest()
        _ = processor.takeReadPaths()
        try corpus.write("notes.txt", "Puffins nest on cliffs.")
        let report = try ingest()
        #expect(report.updated == ["notes.txt"])
        #expect(report.unchanged == 2)
        #expect(processor.takeReadPaths() == ["notes.txt"])
        #expect(try search("penguins").isEmpty)
        #expect(try search("puffins") == ["Puffins nest on cliffs."])
        #expect(report.chunks == 6)
    }

    @Test("a deleted file is removed with its chunks")
    func deletedFileIsRemoved() throws {
        _ = try ingest()
        try corpus.remove("guide/usage.txt")
        let report = try ingest()
        #expect(report.removed == ["guide/usage.txt"])
        #expect(report.documents == 2 && report.chunks == 5)
        #expect(try search("folder documents").isEmpty)
    }

    @Test("a rename is a removal and an addition")
    func renameIsRemovalPlusAddition() throws {
        _ = try ingest()
        try corpus.move("notes.txt", to: "guide/penguins.txt")
        let report = try ingest()
        #expect(report.removed == ["notes.txt"])
        #expect(report.added == ["guide/penguins.txt"])
        let hits = try Store(directory: corpus.store).searchBM25("penguins", limit: 5)
        #expect(hits.map(\.source) == ["guide/penguins.txt"])
    }

    @Test("a pipeline with another fingerprint rebuilds every document and says why")
    func pipelineChangeRebuilds() throws {
        _ = try ingest()
        let report = try ingest(PlainTextProcessor(version: 2))
        #expect(report.updated == ["guide/install.md", "guide/usage.txt", "notes.txt"])
        #expect(report.notes.contains { $0.contains("pipeline changed") && $0.contains("3 documents") })
        let again = try ingest(PlainTextProcessor(version: 2))
        #expect(again.unchanged == 3 && again.notes.isEmpty)
        #expect(try Store(directory: corpus.store).status().pipelineFingerprint == "plain-text-paragraphs-v2")
    }

    @Test("a failing file is recorded with its error and the others are ingested")
    func failingFileIsRecorded() throws {
        try corpus.write("broken.txt", "half a file\u{0}")
        let report = try ingest()
        #expect(report.added == ["guide/install.md", "guide/usage.txt", "notes.txt"])
        #expect(report.failed == [IngestReport.Failure(path: "broken.txt", error: "binary file (NUL byte)")])
        let status = try Store(directory: corpus.store).status()
        #expect(status.failed.map(\.path) == ["broken.txt"])
        #expect(status.documents == 3)
        #expect(status.lastRun?.state == .completed && status.lastRun?.failed == 1)
        // Unchanged, it is not tried again; fixed, it is.
        #expect(try ingest().unchanged == 4)
        try corpus.write("broken.txt", "a whole file")
        let fixed = try ingest()
        #expect(fixed.updated == ["broken.txt"] && fixed.failed.isEmpty)
        #expect(try Store(directory: corpus.store).status().failed.isEmpty)
    }

    @Test("a file over the size limit fails without being read")
    func oversizedFileFails() throws {
        try corpus.write("big.txt", String(repeating: "word ", count: 1000))
        let store = try Store(directory: corpus.store)
        let report = try Synchronizer(store: store, processor: processor, options: IngestOptions(maxFileSize: 1000))
            .ingest([corpus.root])
        #expect(report.failed.map(\.path) == ["big.txt"])
        #expect(report.failed.first?.error.contains("over the limit") == true)
        #expect(!processor.takeReadPaths().contains("big.txt"))
    }

    @Test("hidden folders, the store itself and links out of the root are skipped")
    func walkSkipsWhatItShould() throws {
        try corpus.write(".git/HEAD.txt", "ref: main")
        try corpus.write(".hidden.txt", "secret")
        let outside = corpus.directory.appendingPathComponent("outside.txt")
        try Data("outside the root".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: corpus.url("escape.txt"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: corpus.url("alias.txt"), withDestinationURL: corpus.url("notes.txt"))
        try FileManager.default.createSymbolicLink(at: corpus.url("loop"), withDestinationURL: corpus.root)
        // A store inside the root is never ingested, whatever its name.
        let store = try Store(directory: corpus.url("index"))
        try Data("store notes".utf8).write(to: corpus.url("index/readme.txt"))
        let report = try Synchronizer(store: store, processor: processor).ingest([corpus.root])
        #expect(report.added == ["alias.txt", "guide/install.md", "guide/usage.txt", "notes.txt"])
    }

    @Test("a single file can be a root")
    func singleFileRoot() throws {
        let store = try Store(directory: corpus.store)
        let report = try Synchronizer(store: store, processor: processor).ingest([corpus.url("notes.txt")])
        #expect(report.added == ["notes.txt"])
        #expect(try store.recordedRoots() == [try #require(realPath(corpus.url("notes.txt")))])
    }

    @Test("a path that does not exist is a usage error")
    func missingRoot() throws {
        let store = try Store(directory: corpus.store)
        #expect {
            try Synchronizer(store: store, processor: processor).ingest([corpus.url("nowhere")])
        } throws: { ($0 as? RAGFlowError)?.kind == .invalidArgument }
    }

    @Test("a recorded root that vanished is emptied when asked, and an error otherwise")
    func vanishedRoot() throws {
        let store = try Store(directory: corpus.store)
        let other = corpus.directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("Otters hold hands.".utf8).write(to: other.appendingPathComponent("otters.txt"))
        _ = try Synchronizer(store: store, processor: processor).ingest([corpus.root, other])
        let roots = try store.recordedRoots()
        #expect(roots.count == 2)
        try FileManager.default.removeItem(at: other)
        let recorded = roots.map { URL(fileURLWithPath: $0) }
        #expect(throws: RAGFlowError.self) { try Synchronizer(store: store, processor: processor).ingest(recorded) }
        let report = try Synchronizer(store: store, processor: processor, options: IngestOptions(removeVanishedRoots: true))
            .ingest(recorded)
        #expect(report.removed == ["otters.txt"])
        #expect(report.unchanged == 3)
        #expect(try store.recordedRoots() == [roots[0]])
    }

    @Test("an ingest is refused at once while another holds the store, naming it")
    func concurrentIngestIsRefused() throws {
        let store = try Store(directory: corpus.store)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let slow = PlainTextProcessor(beforeProcessing: { _ in
            started.signal()
            release.wait()
        })
        let root = corpus.root
        let first = Thread { _ = try? Synchronizer(store: store, processor: slow).ingest([root]) }
        first.start()
        started.wait()
        defer { for _ in 0..<3 { release.signal() } }
        #expect {
            try Synchronizer(store: try Store(directory: corpus.store), processor: processor).ingest([corpus.root])
        } throws: { error in
            guard let error = error as? RAGFlowError else { return false }
            return error.kind == .busy && error.message.contains("pid \(getpid())")
        }
    }

    @Test("queries during an ingest see the last committed state")
    func queriesDuringIngest() throws {
        _ = try ingest()
        try corpus.write("notes.txt", "Puffins nest on cliffs.")
        try corpus.write("zebra.txt", "Zebras have stripes.")
        let paused = DispatchSemaphore(value: 0)
        let resume = DispatchSemaphore(value: 0)
        let pausing = PlainTextProcessor(beforeProcessing: { file in
            if file.relativePath == "zebra.txt" {
                paused.signal()
                resume.wait()
            }
        })
        let finished = DispatchSemaphore(value: 0)
        let storeURL = corpus.store, root = corpus.root
        let writer = Thread {
            _ = try? Synchronizer(store: try Store(directory: storeURL), processor: pausing).ingest([root])
            finished.signal()
        }
        writer.start()
        paused.wait()
        // zebra.txt is being read, so it cannot be in the store; notes.txt, which comes before
        // it, is written by the ingest's writer while zebra.txt is held: wait for it to show.
        var polls = 0
        while try search("puffins").isEmpty, polls < 1000 {
            usleep(10_000)
            polls += 1
        }
        #expect(try search("puffins") == ["Puffins nest on cliffs."])
        #expect(try search("zebras").isEmpty)
        #expect(try search("penguins").isEmpty)
        resume.signal()
        finished.wait()
        #expect(try search("zebras") == ["Zebras have stripes."])
    }

    @Test("after any sequence of changes the store equals a clean ingest", arguments: [1, 2, 3])
    func incrementalEqualsClean(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let words = ["alpha", "beta", "gamma", "delta", "kappa", "omega", "sigma", "theta"]
        func text() -> String {
            (0..<Int.random(in: 1...4, using: &random)).map { _ in
                (0..<Int.random(in: 3...9, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
            }.joined(separator: "\n\n")
        }
        var names: Set<String> = ["guide/install.md", "guide/usage.txt", "notes.txt"]
        for step in 0..<6 {
            for _ in 0..<4 {
                let name = "d\(Int.random(in: 0..<3, using: &random))/f\(Int.random(in: 0..<8, using: &random)).txt"
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where names.contains(name):
                    try corpus.remove(name)
                    names.remove(name)
                case 1 where names.contains(name):
                    let target = "moved\(step)-\(Int.random(in: 0..<100, using: &random)).txt"
                    guard !names.contains(target) else { continue }
                    try corpus.move(name, to: target)
                    names.remove(name)
                    names.insert(target)
                default:
                    try corpus.write(name, text())
                    names.insert(name)
                }
            }
            _ = try ingest()
        }
        let incremental = try Store(directory: corpus.store).snapshot()
        let cleanStore = try Store(directory: corpus.directory.appendingPathComponent("clean"))
        _ = try Synchronizer(store: cleanStore, processor: processor).ingest([corpus.root])
        let clean = try cleanStore.snapshot()
        #expect(incremental == clean)
        #expect(clean.documents.count == names.count)
        try Store(directory: corpus.store).checkIntegrity()
    }
}

func realPath(_ url: URL) -> String? {
    guard let resolved = realpath(url.path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
