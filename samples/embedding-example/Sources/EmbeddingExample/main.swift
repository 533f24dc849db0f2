import Foundation
import RAGFlow

// Ingests the beekeeping samples (the folder above this package, or the first argument) with
// the default pipeline plus a custom `csv` loader, then answers a question with citations.
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let samples = CommandLine.arguments.count > 1
    ? URL(fileURLWithPath: CommandLine.arguments[1])
    : here.appendingPathComponent("../../..").standardizedFileURL
let store = FileManager.default.temporaryDirectory.appendingPathComponent("embedding-example-\(getpid())")
defer { try? FileManager.default.removeItem(at: store) }

// 1. Register the custom stage, then name it in the pipeline JSON like a built-in kind.
var registry = StageRegistry.builtIn
registry.registerLoader("csv", extensions: ["csv"]) { CSVLoader() }
var json = PipelineSpec.defaultJSON.replacingOccurrences(
    of: "\"stages\": [", with: "\"stages\": [\n    {\"stage\": \"loader\", \"kind\": \"csv\"},")
#if DEBUG
// The default pipeline embeds chunks with models/all-MiniLM-L6-v2.Q8_0.gguf (`make models`, a
// path relative to the working directory) and retrieves by vectors and BM25 together. An
// unoptimized build of the inference engine is far too slow for that, so a debug build of
// this example (what `make example` runs) leaves the embedder and the vector index out and
// retrieves with BM25; `swift run -c release` embeds.
json = json.replacing(#/\{\s*"stage": "(embedder|vector_index)"[^}]*\},\s*/#, with: "")
    .replacing(#/\{\s*"stage": "retriever"[^}]*\}/#, with: #"{"stage": "retriever", "kind": "bm25", "top_k": 5}"#)
#endif
let pipelineFile = FileManager.default.temporaryDirectory.appendingPathComponent("embedding-example-\(getpid()).json")
try Data(json.utf8).write(to: pipelineFile)
defer { try? FileManager.default.removeItem(at: pipelineFile) }
let flow = try Pipeline(contentsOf: pipelineFile, store: store, registry: registry)

// 2. Ingest, with progress: the files, then the chunks the embedding stage embeds.
let report = try await flow.ingest([samples]) { progress in
    switch progress.phase {
    case .files:
        if let path = progress.currentPath { print("  [\(progress.done + 1)/\(progress.total)] \(path)") }
    case .embedding:
        if progress.done == progress.total, progress.total > 0 {
            print("  embedded \(progress.total) chunks (\(Int(progress.rate)) per second)")
        }
    }
}
print("ingested \(report.added.count) files (\(report.chunks) chunks); failed: \(report.failed.map(\.path))")
for warning in report.embedding?.warnings ?? [] { print("warning: \(warning)") }

// 3. Ask.
let question = CommandLine.arguments.count > 2
    ? CommandLine.arguments[2] : "At what mite count should we treat for varroa in August, and with what?"
let answer = try await flow.query(question)
print("\nQ: \(question)\nA: \(answer.text)\n")
for citation in answer.citations {
    let page = citation.page.map { ", page \($0)" } ?? ""
    let verdict = citation.supported ? "supported" : "NOT supported"
    print("  [\(citation.n)] \(citation.source ?? "?")\(page) (\(verdict)): \(citation.quote ?? "")")
}
guard !answer.citations.isEmpty else {
    FileHandle.standardError.write(Data("error: the answer cites no source\n".utf8))
    exit(1)
}
