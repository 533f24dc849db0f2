import Foundation
import RAGFlow
import Testing

@Suite("JSON Schema agrees with the decoder")
struct PipelineSchemaTests {
    private static var schemaURL: URL { PipelineFixtures.repositoryRoot.appendingPathComponent("pipelines/schema.json") }

    private static func schemaDefinitions() throws -> [String: Any] {
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any]
        return try #require(schema?["$defs"] as? [String: Any])
    }

    @Test("the schema describes every built-in kind with exactly the keys the decoder knows")
    func keySetsAgree() throws {
        let definitions = try Self.schemaDefinitions()
        var described: Set<String> = []
        for family in StageFamily.allCases {
            for kind in StageRegistry.builtIn.kinds(of: family) {
                let name = "\(family.rawValue).\(kind)"
                described.insert(name)
                let definition = try #require(definitions[name] as? [String: Any], "no schema for \(name)")
                let properties = try #require(definition["properties"] as? [String: Any])
                #expect(Set(properties.keys) == PipelineSpec.knownKeys(family: family, kind: kind), "\(name)")
            }
        }
        let schemaKinds = Set(definitions.keys.filter { $0.contains(".") })
        #expect(schemaKinds == described)
    }

    @Test("the schema and the decoder accept the default pipeline and refuse the same broken ones")
    func verdictsAgree() throws {
        let cases: [String] = [
            PipelineSpec.defaultJSON,
            PipelineFixtures.minimal(),
            PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": 64, "chunk_overlpa": 8}"#),
            PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": "big"}"#),
            PipelineFixtures.minimal(chunker: #"{"stage": "chunkr", "kind": "fixed", "chunk_size": 64}"#),
            PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "sentence"}"#),
            PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": 0}"#),
            PipelineFixtures.minimal(extra: [#"{"stage": "retriever", "kind": "bm25", "filters": {"path_glb": "a"}}"#]),
            PipelineFixtures.minimal(extra: [#"{"stage": "generator", "kind": "llama", "model": "m.gguf", "top_p": 0}"#]),
            PipelineFixtures.minimal(extra: [#"{"stage": "vector_index", "kind": "annoy"}"#]),
            #"{"version": 2, "name": "x", "stages": []}"#,
        ]
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema)
            print(json.dumps([validator.is_valid(json.loads(text)) for text in json.load(sys.stdin)]))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.schemaURL.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: cases))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 with jsonschema is needed (make deps installs it)")
        let schemaVerdicts = try #require(try JSONSerialization.jsonObject(with: data) as? [Bool])
        let decoderVerdicts = cases.map { PipelineFixtures.validate($0).spec != nil }
        #expect(decoderVerdicts == [true, true] + Array(repeating: false, count: cases.count - 2))
        #expect(schemaVerdicts == decoderVerdicts)
    }
}
