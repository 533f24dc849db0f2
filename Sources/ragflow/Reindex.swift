import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow reindex`: ingests again the folders and pipeline a store records, and embeds the
/// new chunks; what cron runs.
struct Reindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-ingest the folders and pipeline a store records (for cron).",
        discussion: """
            Quiet unless something changed or failed. The recorded pipeline file is read again; \
            when it is gone, the copy the store kept from the last ingest runs (with a warning). \
            Exit status: 0 when the run completed \
            (failed files are listed), 1 when it could not complete, 75 when another ingest \
            holds the store's lock. SIGTERM or SIGINT stops the run between files; the store \
            stays consistent and the next run completes the work.
            """)

    @Option(help: "The store directory.")
    var store = ".ragflow"

    @Flag(help: "Print one JSON object with the report (the same as `ragflow ingest --json`).")
    var json = false

    /// Exit status of a run skipped because another writer holds the lock (EX_TEMPFAIL).
    static let busyStatus: Int32 = 75

    func run() async throws {
        let flow = try Pipeline(recordedIn: URL(fileURLWithPath: store))
        let task = Task { try await flow.reindex() }
        // A stop request cancels the run between files (or batches of chunks being embedded)
        // instead of killing it mid-write.
        let watcher = SignalWatcher([SIGTERM, SIGINT]) { _ in task.cancel() }
        defer { watcher.cancel() }
        let report: IngestReport
        do {
            report = try await task.value
        } catch let error as RAGFlowError where error.kind == .busy {
            throw CommandExit(Reindex.busyStatus, "skipped: \(error.message)")
        } catch let error as RAGFlowError where error.kind == .cancelled {
            throw CommandExit(1, "stopped: the re-index was interrupted; the next run completes it")
        }
        let embedded = report.embedding.map { $0.embedded + $0.fromCache + $0.removed > 0 || $0.rebuilt } ?? false
        if json {
            Console.out(JSONText.render(Ingest.json(report)))
        } else if report.changedOrFailed || embedded {
            Ingest.printNotes(report, quiet: false)
            Ingest.printHuman(report)
        }
    }
}
