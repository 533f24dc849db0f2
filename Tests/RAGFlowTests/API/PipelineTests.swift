import Foundation
import RAGFlow
import Testing

/// The library API as an embedding program uses it: real sample files, a real store on disk,
/// a custom loader registered by the program.
@Suite("Pipeline (library API)")
struct PipelineTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ragflow-api-\(UUID().uuidString)")
        let docs = directory.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")
        for name in ["club-rules.txt", "hive-inspection-guide.pdf", "honey-harvest.md", "varroa-mites.html"] {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: docs.appendingPathComponent(name))
        }
        try Data("hive,apiary,queen marked\nBramble,north orchard,yes\nCobalt,south meadow,no\n".utf8)
            .write(to: docs.appendingPathComponent("hives.csv"))
    }

    /// The default pipeline plus a `csv` loader stage, which only the registry below knows.
    private func csvPipeline() throws -> (URL, StageRegistry) {
        var registry = StageRegistry.builtIn
        registry.registerLoader("csv", extensions: ["csv"]) { RowsLoader() }
        let json = PipelineSpec.defaultJSON.replacingOccurrences(
            of: "\"stages\": [", with: "\"stages\": [\n    {\"stage\": \"loader\", \"kind\": \"csv\"},")
        let url = directory.appendingPathComponent("pipeline.json")
        try Data(json.utf8).write(to: url)
        return (url, registry)
    }

    @Test("ingests real files through a custom loader and answers with a citation to the right source")
    func ingestAndQuery() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (pipelineURL, registry) = try csvPipeline()
        let flow = try Pipeline(contentsOf: pipelineURL, store: directory.appendingPathComponent("store"), registry: registry)
        let seen = ProgressLog()
        let report = try await flow.ingest([directory.appendingPathComponent("docs")]) { seen.append($0) }
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.added.sorted() == ["club-rules.txt", "hive-inspection-guide.pdf", "hives.csv", "honey-harvest.md", "varroa-mites.html"])
        let files = seen.events.filter { $0.phase == .files }
        #expect(files.last?.done == 5 && files.last?.total == 5)
        #expect(try flow.retrieve("Bramble north orchard", topK: 1).chunks.first?.source == "hives.csv")
        let answer = try await flow.query("At what mite count should we treat for varroa in August, and with what?")
        #expect(!answer.text.isEmpty)
        #expect(!answer.citations.isEmpty)
        #expect(answer.sources.contains { $0.source == "varroa-mites.html" })
        // A second ingest with the same pipeline finds nothing to do; reindex runs it again.
        let again = try await Pipeline(recordedIn: directory.appendingPathComponent("store"), registry: registry).reindex()
        #expect(again.unchanged == 5 && !again.changedOrFailed)
    }

    @Test("a cancelled ingest stops between files, leaves a consistent store, and the next one completes it")
    func cancellation() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (pipelineURL, registry) = try csvPipeline()
        let storeURL = directory.appendingPathComponent("store")
        let flow = try Pipeline(contentsOf: pipelineURL, store: storeURL, registry: registry)
        let docs = directory.appendingPathComponent("docs")
        // Cancelled from its own progress callback after two files: deterministic, no race.
        let task = Task {
            try await flow.ingest([docs]) { progress in
                if progress.done == 2 { withUnsafeCurrentTask { $0?.cancel() } }
            }
        }
        await #expect(throws: RAGFlowError.self) { try await task.value }
        let store = try Store(directory: storeURL)
        try store.checkIntegrity()
        #expect(try store.status().documents == 2)
        #expect(try store.status().lastRun?.state == .interrupted)
        let finished = try await flow.ingest([docs])
        #expect(finished.added.count == 3 && finished.unchanged == 2)
        let clean = try Pipeline(contentsOf: pipelineURL, store: directory.appendingPathComponent("clean"), registry: registry)
        _ = try await clean.ingest([docs])
        #expect(try store.snapshot() == clean.store.snapshot())
    }

    @Test("a pipeline naming an unregistered kind is refused with the JSON path")
    func unknownKind() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (pipelineURL, _) = try csvPipeline()
        #expect(throws: RAGFlowError.self) {
            try Pipeline(contentsOf: pipelineURL, store: directory.appendingPathComponent("store"))
        }
    }
}

/// A loader for `.csv` files: every row becomes a sentence naming its columns.
private struct RowsLoader: DocumentLoader {
    var mediaTypes: Set<MediaType> { [.plainText] }

    func load(_ file: SourceFile) throws -> Document {
        var document = try TextLoader().load(file)
        let rows = document.text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map(String.init) }
        guard let header = rows.first else { return document }
        document.text = rows.dropFirst().map { row in
            zip(header, row).map { "\($0): \($1)" }.joined(separator: ", ") + "."
        }.joined(separator: "\n")
        document.mediaType = .plainText
        document.spans = [TextSpan(range: 0..<document.text.unicodeScalars.count)]
        return document
    }
}
