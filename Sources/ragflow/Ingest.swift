import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow ingest PATH...`: brings a store in line with files on disk, re-doing only what
/// changed.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files and folders into a store; unchanged files are skipped.",
        discussion: """
            Exit status: 0 when the run completed (failed files are listed), 2 for usage or \
            pipeline errors, 1 when something stopped the run (such as another ingest holding \
            the store).
            """)

    @Argument(help: "Files or folders to ingest.")
    var paths: [String]

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Option(help: "A pipeline JSON file (default: the built-in default pipeline).")
    var pipeline: String?

    @Flag(help: "Print one JSON object with the report.")
    var json = false

    @Flag(help: "No progress bar, no notes; print only failures.")
    var quiet = false

    func run() async throws {
        let (processor, options) = try Ingest.processor(pipeline: pipeline)
        let synchronizer = Synchronizer(
            store: try Store(directory: URL(fileURLWithPath: store)), processor: processor, options: options)
        let bar = ProgressBar.onTerminal(enabled: !quiet)
        let report: IngestReport
        do {
            var progress: (@Sendable (IngestProgress) -> Void)?
            if let bar { progress = { bar.update($0) } }
            report = try synchronizer.ingest(paths.map { URL(fileURLWithPath: $0) }, progress: progress)
            bar?.finish()
        } catch {
            bar?.finish()
            throw error
        }
        if !quiet { for note in report.notes { Console.error("note: \(note)") } }
        let embedding = try Ingest.embed(processor: processor, store: synchronizer.store, quiet: quiet)
        if json {
            Console.out(JSONText.render(Ingest.json(report)))
        } else if quiet {
            for failure in report.failed { Console.error("failed: \(failure.path): \(failure.error)") }
        } else {
            Ingest.printHuman(report)
            if embedding.embedded + embedding.fromCache + embedding.removed > 0 {
                Console.out(
                    "\(embedding.embedded) chunks embedded, \(embedding.fromCache) from the cache, "
                        + "\(embedding.removed) vectors removed; the index holds \(embedding.vectors) vectors")
            }
        }
    }

    /// The embedding stage after the sync (issue 7): its notes go to stderr, like the sync's;
    /// a missing model is a warning, not a failure.
    static func embed(processor: any DocumentProcessor, store: Store, quiet: Bool) throws -> EmbeddingReport {
        guard let spec = (processor as? PipelineProcessor)?.spec else { return EmbeddingReport() }
        let bar = ProgressBar.onTerminal(enabled: !quiet)
        defer { bar?.finish() }
        let report = try EmbeddingIndexer.run(pipeline: spec, store: store) { step in
            bar?.update(done: step.done, total: step.total, current: nil, unit: "chunks embedded")
        }
        for warning in report.warnings { Console.error("warning: \(warning)") }
        if !quiet { for note in report.notes { Console.error("note: \(note)") } }
        return report
    }

    /// The pipeline to run, with the ingest options it implies: the file to record for
    /// `ragflow reindex` (`nil` for the built-in default) and the largest file any of its
    /// loaders reads, so that bigger files are refused before they are even hashed.
    static func processor(pipeline: String?) throws -> (any DocumentProcessor, IngestOptions) {
        let url = pipeline.map { URL(fileURLWithPath: $0).standardizedFileURL }
        let spec = try url.map { try PipelineSpec(contentsOf: $0) } ?? PipelineSpec.builtInDefault()
        let largest = spec.loaders.compactMap { ($0.settings as? LoaderSettings)?.maxFileBytes }.max()
        let options = IngestOptions(maxFileSize: largest ?? IngestOptions.defaultMaxFileSize, pipelineSource: url?.path)
        return (try PipelineProcessor(spec: spec), options)
    }

    /// `{"added": [paths], "updated": [paths], "unchanged": N, "removed": [paths],
    /// "failed": [{"path": P, "error": E}], "documents": N, "chunks": N, "elapsed_s": X}`
    static func json(_ report: IngestReport) -> JSONText.Value {
        .object([
            ("added", .array(report.added.map { .string($0) })),
            ("updated", .array(report.updated.map { .string($0) })),
            ("unchanged", .int(report.unchanged)),
            ("removed", .array(report.removed.map { .string($0) })),
            ("failed", .array(report.failed.map { .object([("path", .string($0.path)), ("error", .string($0.error))]) })),
            ("documents", .int(report.documents)),
            ("chunks", .int(report.chunks)),
            ("elapsed_s", .double((report.elapsedSeconds * 1000).rounded() / 1000)),
        ])
    }

    static func printHuman(_ report: IngestReport) {
        for path in report.added { Console.out("added     \(path)") }
        for path in report.updated { Console.out("updated   \(path)") }
        for path in report.removed { Console.out("removed   \(path)") }
        for failure in report.failed { Console.out("failed    \(failure.path): \(failure.error)") }
        Console.out(
            "\(report.added.count) added, \(report.updated.count) updated, \(report.unchanged) unchanged, "
                + "\(report.removed.count) removed, \(report.failed.count) failed in "
                + String(format: "%.2f s", report.elapsedSeconds)
                + "; the store holds \(report.documents) documents, \(report.chunks) chunks")
    }
}
