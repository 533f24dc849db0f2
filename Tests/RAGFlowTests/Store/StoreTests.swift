import Foundation
import RAGFlow
import Testing

@Suite("Store")
struct StoreTests {
    let corpus: TemporaryCorpus

    init() throws { corpus = try TemporaryCorpus() }

    @Test("a new store is created at the current schema version, in WAL mode")
    func createsCurrentSchema() throws {
        let store = try Store(directory: corpus.store)
        #expect(try store.status().schemaVersion == Store.schemaVersion)
        #expect(try store.status().documents == 0)
        // WAL mode keeps a -wal file beside the database while it is open.
        _ = try store.searchBM25("anything", limit: 1)
        #expect(FileManager.default.fileExists(atPath: corpus.store.appendingPathComponent("store.sqlite-wal").path))
    }

    @Test("opening a missing store without creating it says how to make one")
    func missingStore() throws {
        #expect {
            try Store(directory: corpus.store, create: false)
        } throws: { error in
            guard let error = error as? RAGFlowError else { return false }
            return error.kind == .store && error.message.contains("ragflow ingest")
        }
    }

    @Test("a store written by a newer version is refused with a clear message")
    func newerStoreIsRefused() throws {
        do { _ = try Store(directory: corpus.store) }
        // SQLite keeps `user_version` at byte 60 of the database header, big-endian. Closing
        // the last connection checkpointed the WAL, so the header on disk is the real one.
        let database = corpus.store.appendingPathComponent("store.sqlite")
        var bytes = try Data(contentsOf: database)
        bytes.replaceSubrange(60..<64, with: [0, 0, 0, 99])
        try bytes.write(to: database)
        #expect {
            try Store(directory: corpus.store)
        } throws: { error in
            guard let error = error as? RAGFlowError else { return false }
            return error.kind == .store && error.message.contains("newer RAGFlow")
                && error.message.contains("schema version 99")
        }
    }

    @Test("a store of schema version 2 is migrated forward, its runs then keep their pipeline text and build the BM25 statistics")
    func migratesFromVersion2() throws {
        try Store.createEmpty(directory: corpus.store, schemaVersion: 2)
        let store = try Store(directory: corpus.store)
        #expect(try store.status().schemaVersion == 4 && Store.schemaVersion == 4)
        #expect(try !store.searchStatisticsAreCurrent())
        try corpus.write("a.txt", "Quartz is a hard mineral.")
        let json = PipelineSpec.defaultJSON
        let options = IngestOptions(pipelineSource: "/gone/pipeline.json", pipelineJSON: json)
        let processor = try PipelineProcessor(spec: try PipelineSpec.builtInDefault())
        _ = try Synchronizer(store: store, processor: processor, options: options).ingest([corpus.root])
        #expect(try store.recordedPipelineSource() == "/gone/pipeline.json")
        #expect(try store.recordedPipelineJSON() == json)
        #expect(try store.searchStatisticsAreCurrent())
        #expect(try store.searchBM25("hard mineral", limit: 1).first?.source == "a.txt")
    }

    @Test("a file that is not a database is refused, not overwritten")
    func notADatabase() throws {
        try FileManager.default.createDirectory(at: corpus.store, withIntermediateDirectories: true)
        let database = corpus.store.appendingPathComponent("store.sqlite")
        try Data(String(repeating: "not sqlite ", count: 100).utf8).write(to: database)
        #expect(throws: RAGFlowError.self) { try Store(directory: corpus.store) }
        #expect(try Data(contentsOf: database).starts(with: Data("not sqlite".utf8)))
    }

    @Test("BM25 ranks the chunk holding more of the rare words first")
    func bm25Ranking() throws {
        try corpus.write("a.txt", "The tar command creates archives.\n\nGrep searches text for patterns.")
        try corpus.write("b.txt", "Use tar with gzip to compress archives of many files.")
        let store = try Store(directory: corpus.store)
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
        let hits = try store.searchBM25("compress archives with gzip", limit: 5)
        #expect(hits.map(\.source) == ["b.txt", "a.txt"])
        #expect(hits[0].score > hits[1].score)
        #expect(try store.searchBM25("patterns", limit: 5).map(\.text) == ["Grep searches text for patterns."])
        // Porter stemming: "searching" finds "searches".
        #expect(try store.searchBM25("searching", limit: 5).count == 1)
    }

    @Test(
        "questions full of FTS5 syntax are read as plain words",
        arguments: [
            #"what does "set -e" do?"#, "NEAR(tar gzip)", "tar* OR -gzip AND", "text: grep", "(((", "\"",
            "^tar", "a'b", "DROP TABLE chunks; --",
        ])
    func ftsSyntaxIsEscaped(question: String) throws {
        try corpus.write("a.txt", "The tar command creates archives; set -e stops on errors; grep finds text.")
        let store = try Store(directory: corpus.store)
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
        _ = try store.searchBM25(question, limit: 3)
        #expect(try store.status().chunks == 1)
    }

    @Test("a question without words finds nothing")
    func emptyQuestion() throws {
        let store = try Store(directory: corpus.store)
        #expect(try store.searchBM25(" ?! -- ", limit: 3).isEmpty)
    }
}
