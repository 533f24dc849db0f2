import Foundation
import Testing

@Suite("ragflow validate")
struct ValidateCommandTests {
    private static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Writes `json` to a fresh folder, runs `ragflow validate` on it and checks that nothing
    /// else appeared in the folder.
    private func validate(_ json: String) throws -> RagflowProcess.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(json.utf8).write(to: folder.appendingPathComponent("p.json"))
        let result = try RagflowProcess.run(["validate", "p.json"], currentDirectory: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["p.json"])
        return result
    }

    private func pipeline(_ chunker: String) -> String {
        """
        {
          "version": 1,
          "name": "cli",
          "stages": [
            {"stage": "loader", "kind": "text"},
            \(chunker)
          ]
        }
        """
    }

    @Test("the repository's default pipeline is OK, with status 0 and a summary")
    func defaultIsValid() throws {
        let result = try RagflowProcess.run(["validate", "pipelines/default.json"], currentDirectory: Self.repositoryRoot)
        #expect(result.status == 0)
        #expect(result.stdout.contains("pipelines/default.json: OK, pipeline \"default\""))
        #expect(result.stdout.contains("chunker:   structure"))
        #expect(result.stdout.contains("ingest fingerprint: "))
    }

    @Test("without a file the built-in default is checked, and --print-default prints it")
    func builtInDefault() throws {
        let result = try RagflowProcess.run(["validate"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("built-in default: OK"))
        let printed = try RagflowProcess.run(["validate", "--print-default"])
        let file = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("pipelines/default.json"), encoding: .utf8)
        #expect(printed.stdout == file)
    }

    @Test("a typo in a key exits 2 and suggests the known key")
    func typoInKey() throws {
        let result = try validate(pipeline(#"{"stage": "chunker", "kind": "fixed", "chunk_sise": 64}"#))
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.json:6:43: stages[1].chunk_sise: unknown key; did you mean \"chunk_size\"?"))
        #expect(result.stderr.contains("stages[1].chunk_size: missing required setting \"chunk_size\""))
        #expect(result.stderr.contains("2 errors"))
    }

    @Test("a wrong type exits 2 naming what was expected and found")
    func wrongType() throws {
        let result = try validate(pipeline(#"{"stage": "chunker", "kind": "fixed", "chunk_size": true}"#))
        #expect(result.status == 2)
        #expect(result.stderr.contains("stages[1].chunk_size: expected an integer, found true"))
    }

    @Test("an unknown stage kind exits 2 and suggests the nearest kind")
    func unknownKind() throws {
        let result = try validate(pipeline(#"{"stage": "chunker", "kind": "sentense", "chunk_size": 64}"#))
        #expect(result.status == 2)
        #expect(result.stderr.contains("stages[1].kind: unknown chunker kind"))
        #expect(result.stderr.contains("did you mean \"sentence\"?"))
    }

    @Test("a missing required setting exits 2")
    func missingSetting() throws {
        let result = try validate(pipeline(#"{"stage": "chunker", "kind": "structure"}"#))
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.json:6:5: stages[1].chunk_size: missing required setting \"chunk_size\""))
    }

    @Test("invalid JSON exits 2 with line and column")
    func invalidJSON() throws {
        let result = try validate(pipeline(#"{"stage": "chunker", "kind": "fixed", "chunk_size": 64,}"#))
        #expect(result.status == 2)
        #expect(result.stderr.contains("p.json:6:60: invalid JSON: expected a key in double quotes, found '}'"))
    }

    @Test("a file that does not exist exits 2")
    func missingFile() throws {
        let result = try RagflowProcess.run(["validate", "/nonexistent/pipeline.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read the pipeline file"))
    }
}
