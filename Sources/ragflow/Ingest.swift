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
        let storeURL = URL(fileURLWithPath: store)
        let flow = try pipeline.map { try Pipeline(contentsOf: URL(fileURLWithPath: $0), store: storeURL) }
            ?? Pipeline(store: storeURL)
        let bar = ProgressBar.onTerminal(enabled: !quiet)
        var progress: (@Sendable (IngestProgress) -> Void)?
        if let bar { progress = { bar.update($0) } }
        let report: IngestReport
        do {
            report = try await flow.ingest(paths.map { URL(fileURLWithPath: $0) }, progress: progress)
            bar?.finish()
        } catch {
            bar?.finish()
            throw error
        }
        Ingest.printNotes(report, quiet: quiet)
        if json {
            Console.out(JSONText.render(Ingest.json(report)))
        } else if quiet {
            for failure in report.failed { Console.error("failed: \(failure.path): \(failure.error)") }
        } else {
            Ingest.printHuman(report)
        }
    }

    /// The run's notes (why it did what it did) unless `quiet`, and the embedding stage's
    /// warnings (a missing model leaves the store with BM25 only) always, on standard error.
    static func printNotes(_ report: IngestReport, quiet: Bool) {
        if !quiet { for note in report.notes { Console.error("note: \(note)") } }
        for warning in report.embedding?.warnings ?? [] { Console.error("warning: \(warning)") }
        if !quiet { for note in report.embedding?.notes ?? [] { Console.error("note: \(note)") } }
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
        if let embedding = report.embedding, embedding.embedded + embedding.fromCache + embedding.removed > 0 {
            Console.out(
                "\(embedding.embedded) chunks embedded, \(embedding.fromCache) from the cache, "
                    + "\(embedding.removed) vectors removed; the index holds \(embedding.vectors) vectors")
        }
    }
}
