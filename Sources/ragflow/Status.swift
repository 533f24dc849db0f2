import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow status`: what a store holds and how its last ingest went.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a store's documents, chunks, failed files and last run.")

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let status = try Store(directory: URL(fileURLWithPath: store), create: false).status()
        if json {
            Console.out(JSONText.render(Status.json(status)))
            return
        }
        Console.out("store      \(URL(fileURLWithPath: store).standardizedFileURL.path) (schema \(status.schemaVersion))")
        Console.out("documents  \(status.documents)")
        Console.out("chunks     \(status.chunks)")
        for root in status.roots { Console.out("root       \(root)") }
        if let fingerprint = status.pipelineFingerprint { Console.out("pipeline   \(fingerprint.prefix(16))") }
        if let run = status.lastRun {
            var line = "last run   #\(run.id) \(run.state.rawValue), started \(Status.format(run.startedAt))"
            if let finished = run.finishedAt {
                line += String(format: " (%.2f s)", finished.timeIntervalSince(run.startedAt))
            }
            Console.out(line)
            Console.out(
                "           \(run.added) added, \(run.updated) updated, \(run.unchanged) unchanged, "
                    + "\(run.removed) removed, \(run.failed) failed")
            for note in run.notes { Console.out("           note: \(note)") }
            if let error = run.error { Console.out("           error: \(error)") }
        }
        if !status.failed.isEmpty {
            Console.out("failed files (\(status.failed.count)):")
            for failure in status.failed { Console.out("  \(failure.path): \(failure.error)") }
        }
    }

    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func json(_ status: StoreStatus) -> JSONText.Value {
        let lastRun: JSONText.Value = status.lastRun.map { run in
            .object([
                ("id", .int(Int(run.id))),
                ("status", .string(run.state.rawValue)),
                ("pid", .int(Int(run.pid))),
                ("started_at", .string(format(run.startedAt))),
                ("finished_at", run.finishedAt.map { .string(format($0)) } ?? .null),
                ("added", .int(run.added)),
                ("updated", .int(run.updated)),
                ("unchanged", .int(run.unchanged)),
                ("removed", .int(run.removed)),
                ("failed", .int(run.failed)),
                ("notes", .array(run.notes.map { .string($0) })),
                ("error", run.error.map { .string($0) } ?? .null),
            ])
        } ?? .null
        return .object([
            ("schema_version", .int(status.schemaVersion)),
            ("documents", .int(status.documents)),
            ("chunks", .int(status.chunks)),
            ("roots", .array(status.roots.map { .string($0) })),
            ("pipeline_fingerprint", status.pipelineFingerprint.map { .string($0) } ?? .null),
            ("failed", .array(status.failed.map { .object([("path", .string($0.path)), ("error", .string($0.error))]) })),
            ("last_run", lastRun),
        ])
    }
}
