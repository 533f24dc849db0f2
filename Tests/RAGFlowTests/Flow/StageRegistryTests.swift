import Foundation
import RAGFlow
import Testing

/// A custom cleaner a program might register: upper-cases the text (keeps every offset).
private struct Shout: DocumentCleaner {
    var marker: String
    func clean(_ document: Document) throws -> Document {
        var copy = document
        copy.text = document.text.uppercased()
        copy.warnings.append(marker)
        return copy
    }
}

private struct ShoutSettings: StageSettings {
    var marker: String
    var level: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case marker, level }
    func validate(_ check: inout SettingsCheck) {
        check.range("level", level, 1...3)
    }
}

/// A custom loader that reads `.note` files as plain text.
private struct NoteLoader: DocumentLoader {
    var mediaTypes: Set<MediaType> { [.plainText] }
    func load(_ file: SourceFile) throws -> Document {
        let text = try String(contentsOf: file.url, encoding: .utf8)
        return Document(
            path: file.relativePath, sha256: SHA256.hex(of: Data(text.utf8)), size: file.size, modified: file.modified,
            mediaType: .plainText, text: text, spans: [TextSpan(range: 0..<text.unicodeScalars.count)])
    }
}

@Suite("Custom stages")
struct StageRegistryTests {
    private var registry: StageRegistry {
        var registry = StageRegistry.builtIn
        registry.registerLoader("note", extensions: ["note"]) { NoteLoader() }
        registry.registerCleaner("shout", settings: ShoutSettings.self) { Shout(marker: $0.marker) }
        registry.registerCleaner("raw", settings: JSONValue.self) { settings in
            Shout(marker: (settings["tag"]?.stringValue ?? "none") + (settings["kind"] == nil ? "" : " with kind"))
        }
        return registry
    }

    @Test("a program's own loader and cleaner run in a pipeline")
    func customStagesRun() throws {
        let json = """
            {"version": 1, "name": "custom", "stages": [
              {"stage": "loader", "kind": "note"},
              {"stage": "cleaner", "kind": "shout", "marker": "loud", "level": 2},
              {"stage": "cleaner", "kind": "raw", "tag": "t", "anything": [1, {"goes": true}]},
              {"stage": "chunker", "kind": "sentence", "chunk_size": 4}
            ]}
            """
        let spec = try PipelineSpec(json: Data(json.utf8), registry: registry)
        #expect((spec.cleaners[0].settings as? ShoutSettings)?.level == 2)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custom-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.note")
        try Data("First one here. Second one there.".utf8).write(to: url)
        let processor = try PipelineProcessor(spec: spec)
        #expect(processor.accepts(relativePath: "x/a.note"))
        #expect(!processor.accepts(relativePath: "a.txt"))
        #expect(!processor.accepts(relativePath: "a.csv"))
        let (document, chunks) = try processor.process(SourceFile(url: url, relativePath: "a.note", size: 33, modified: Date()))
        #expect(document.warnings == ["loud", "t"])
        #expect(chunks.map(\.text) == ["FIRST ONE HERE.", "SECOND ONE THERE."])
    }

    @Test("custom settings are validated like built-in ones")
    func customSettingsValidate() {
        let json = """
            {"version": 1, "name": "custom", "stages": [
              {"stage": "loader", "kind": "note"},
              {"stage": "cleaner", "kind": "shout", "markr": "loud", "level": 9},
              {"stage": "cleaner", "kind": "shuot"},
              {"stage": "chunker", "kind": "fixed", "chunk_size": 4}
            ]}
            """
        let result = PipelineSpec.validate(Data(json.utf8), registry: registry)
        let byPath = Dictionary(result.errors.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(byPath.keys) == ["stages[1].marker", "stages[1].markr", "stages[2].kind"])
        #expect(byPath["stages[1].markr"]?.suggestion == "marker")
        #expect(byPath["stages[2].kind"]?.suggestion == "shout")
    }

    @Test("a kind registered by a program is unknown to the built-in registry")
    func builtInDoesNotKnowCustomKinds() {
        let json = PipelineFixtures.minimal(chunker: #"{"stage": "cleaner", "kind": "shout"}, {"stage": "chunker", "kind": "fixed", "chunk_size": 4}"#)
        #expect(PipelineFixtures.validate(json).errors.map(\.path) == ["stages[1].kind"])
        #expect(StageRegistry.builtIn.kinds(of: .chunker) == ["fixed", "sentence", "structure"])
        #expect(StageRegistry.builtIn.kinds(of: .retriever) == ["vector", "bm25", "hybrid"])
    }
}
