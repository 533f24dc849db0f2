import Foundation
import RAGFlow
import Testing

@Suite("Pipeline validation")
struct PipelineValidationTests {
    @Test("the default pipeline validates with typed stages")
    func defaultValidates() throws {
        let spec = try PipelineSpec.builtInDefault()
        #expect(spec.name == "default")
        #expect(spec.loaders.map(\.kind) == ["text", "html", "pdf"])
        #expect(spec.loaders[0].extensions == ["txt", "text", "md", "markdown", "rst"])
        #expect(spec.cleaners.map(\.kind) == ["unicode", "control_characters", "running_headers", "hyphenation", "whitespace"])
        #expect(spec.cleaners[2].mediaTypes == [.pdf])
        #expect(spec.chunker.kind == "structure")
        let chunking = try #require(spec.chunker.settings as? StructureChunkerSettings)
        #expect(chunking == StructureChunkerSettings(chunkSize: 192, chunkOverlap: 32, minChunkSize: 48))
        #expect(spec.embedder == EmbedderSettings())
        #expect(spec.vectorIndex == VectorIndexSettings())
        #expect(spec.retriever?.mode == .hybrid)
        #expect(spec.retriever?.rrfK == 60)
        #expect(spec.promptBuilder?.maxSources == 6)
        #expect(spec.generator == .extractive(ExtractiveGeneratorSettings(maxSentences: 4)))
    }

    @Test("a misspelt key is reported with its path and the nearest known key")
    func typoInKey() throws {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": 64, "chunk_overlpa": 8}"#))
        let issue = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(issue.path == "stages[1].chunk_overlpa")
        #expect(issue.message == "unknown key")
        #expect(issue.suggestion == "chunk_overlap")
        #expect(issue.line == 6)
        #expect(issue.description.contains("did you mean \"chunk_overlap\"?"))
    }

    @Test("a wrong type says what was expected and what was found")
    func wrongType() throws {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": "big"}"#))
        let issue = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(issue.path == "stages[1].chunk_size")
        #expect(issue.message == "expected an integer")
        #expect(issue.found == "\"big\"")
    }

    @Test("an unknown stage kind suggests the nearest kind of its family")
    func unknownKind() throws {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "structur", "chunk_size": 64}"#))
        let issue = try #require(result.errors.first)
        #expect(issue.path == "stages[1].kind")
        #expect(issue.suggestion == "structure")
        #expect(issue.message.contains("\"fixed\", \"sentence\", \"structure\""))
    }

    @Test("an unknown stage family suggests the nearest family")
    func unknownFamily() throws {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(extra: [#"{"stage": "retreiver", "kind": "bm25"}"#]))
        let issue = try #require(result.errors.first)
        #expect(issue.path == "stages[2].stage")
        #expect(issue.suggestion == "retriever")
    }

    @Test("a missing required setting is named")
    func missingRequired() throws {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "sentence"}"#))
        let issue = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(issue.path == "stages[1].chunk_size")
        #expect(issue.message == "missing required setting \"chunk_size\"")
    }

    @Test("values out of range and broken relations between settings are reported")
    func ranges() {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(
            chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": 64, "chunk_overlap": 64}"#,
            extra: [#"{"stage": "retriever", "kind": "bm25", "top_k": 0, "mmr_lambda": 1.5, "filters": {"pages": {"from": 5, "to": 2}, "modified_after": "last week"}}"#]))
        #expect(Set(result.errors.map(\.path)) == [
            "stages[1].chunk_overlap", "stages[2].top_k", "stages[2].mmr_lambda", "stages[2].filters.pages.to",
            "stages[2].filters.modified_after",
        ])
    }

    @Test("every error in a file is reported, not only the first")
    func allErrors() {
        let json = """
            {
              "version": 2,
              "nmae": "x",
              "stages": [
                {"stage": "loader", "kind": "pdf", "max_file_bytes": -1},
                {"stage": "cleaner", "kind": "unicode", "form": "nfd"},
                {"stage": "chunker", "kind": "fixed", "chunk_size": 1.5, "chunk_overlap": "none"},
                {"stage": "embedder", "kind": "llama", "batch_size": 0, "treads": 4},
                {"stage": "vector_index", "kind": "hnsw", "metric": "cosin"},
                {"stage": "generator", "kind": "llama"}
              ]
            }
            """
        let result = PipelineFixtures.validate(json)
        #expect(result.spec == nil)
        let paths = result.errors.map(\.path)
        #expect(Set(paths) == [
            "version", "nmae", "name", "stages[0].max_file_bytes", "stages[1].form", "stages[2].chunk_size",
            "stages[2].chunk_overlap", "stages[3].batch_size", "stages[3].treads", "stages[4].metric", "stages[5].model",
            "stages[5].kind",
        ])
        let lines = result.errors.compactMap(\.line)
        #expect(lines == lines.sorted())
        #expect(paths.count == 12)
        #expect(result.errors.first { $0.path == "stages[4].metric" }?.suggestion == "cosine")
        #expect(result.errors.first { $0.path == "stages[3].treads" }?.suggestion == "threads")
        #expect(result.errors.first { $0.path == "nmae" }?.suggestion == "name")
    }

    @Test("stages must come in family order, with exactly one chunker and at least one loader")
    func orderAndCounts() {
        let json = """
            {"version": 1, "name": "x", "stages": [
              {"stage": "chunker", "kind": "fixed", "chunk_size": 10},
              {"stage": "cleaner", "kind": "whitespace"},
              {"stage": "chunker", "kind": "fixed", "chunk_size": 10}
            ]}
            """
        let messages = PipelineFixtures.validate(json).errors.map(\.description)
        #expect(messages.contains { $0.contains("stages[1].stage: a cleaner stage must come before the chunker stages") })
        #expect(messages.contains { $0.contains("stages[2].stage: a pipeline has at most one chunker stage") })
        #expect(messages.contains { $0.contains("stages: expected at least one loader stage, found none") })
    }

    @Test("semantic retrieval needs an embedder and an index; hybrid-only keys are refused elsewhere")
    func stageNeeds() {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(extra: [
            #"{"stage": "retriever", "kind": "vector", "rrf_k": 10}"#,
        ]))
        #expect(Set(result.errors.map(\.path)) == ["stages[2].kind", "stages[2].rrf_k"])
    }

    @Test("two loaders may not claim the same extension")
    func duplicateExtension() {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(chunker: #"{"stage": "loader", "kind": "html", "extensions": ["htm", "TXT"]}, {"stage": "chunker", "kind": "fixed", "chunk_size": 8}"#))
        #expect(result.errors.map(\.path) == ["stages[1].extensions[1]"])
    }

    @Test("a missing model file is a warning, not an error")
    func missingModelWarns() throws {
        let result = PipelineFixtures.validate(PipelineFixtures.minimal(extra: [
            #"{"stage": "embedder", "kind": "llama", "model": "/nonexistent/model.gguf"}"#,
        ]))
        let spec = try #require(result.spec)
        #expect(result.warnings.map(\.path) == ["stages[2].model"])
        #expect(spec.warnings.count == 1)
    }

    @Test("loading a broken pipeline throws an invalidPipeline error carrying every issue")
    func throwsWithIssues() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UInt32.random(in: 0...UInt32.max)).json")
        try Data(PipelineFixtures.minimal(chunker: #"{"stage": "chunker", "kind": "fixed", "chunk_size": 0, "x": 1}"#).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try PipelineSpec(contentsOf: url)
            Issue.record("expected an error")
        } catch let error as RAGFlowError {
            #expect(error.kind == .invalidPipeline)
            #expect(error.file == url.path)
            #expect(error.issues.map(\.path) == ["stages[1].chunk_size", "stages[1].x"])
        }
    }
}
