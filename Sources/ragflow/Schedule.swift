import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow schedule`: re-index a store at the times a cron expression names, in the foreground,
/// or print the crontab line that does the same through cron.
struct Schedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Re-index a store on a cron schedule (or print the crontab line for it).",
        discussion: """
            Runs `ragflow reindex` at each time the five-field cron expression names (UTC), one run \
            at a time: a time that comes while a run is still going is skipped. SIGINT or SIGTERM \
            stops the schedule; a run in progress is asked to stop and the store stays consistent \
            (the next run completes it). See docs/scheduling.md.
            """)

    @Option(name: .long, help: "Five-field cron expression, e.g. \"*/15 * * * *\" or @hourly.")
    var cron: String

    @Option(name: .long, help: "The store directory.")
    var store: String = ".ragflow"

    @Flag(name: .long, help: "Print the crontab line that runs `ragflow reindex` for this store, and exit.")
    var printCrontab = false

    func run() async throws {
        let expression = try CronExpression(cron)
        let storeURL = URL(fileURLWithPath: store).standardizedFileURL
        let executable = ExecutablePath.current
        if printCrontab {
            let log = storeURL.appendingPathComponent("reindex.log").path
            // Relative paths in a pipeline (its model files) resolve against the working
            // directory, and cron starts jobs in $HOME: the line runs from this directory.
            let directory = FileManager.default.currentDirectoryPath
            print(
                "\(expression.description) cd \(shellQuoted(directory)) && \(shellQuoted(executable.path)) reindex --store \(shellQuoted(storeURL.path)) >> \(shellQuoted(log)) 2>&1"
            )
            return
        }
        let runner = ReindexChild(executable: executable, store: storeURL)
        let scheduler = CronScheduler(expression)
        log("schedule \"\(expression)\" for store \(storeURL.path); next run at \(stamp(expression.nextDate(after: Date())))")
        let task = Task {
            await scheduler.run { scheduled in
                log("run scheduled for \(stamp(scheduled)) started")
                let status = runner.run()
                log("run scheduled for \(stamp(scheduled)) ended with status \(status)\(statusMeaning(status))")
                log("next run at \(stamp(expression.nextDate(after: Date())))")
            }
        }
        let signals = SignalWatcher([SIGINT, SIGTERM]) { signal in
            log("received \(signal == SIGINT ? "SIGINT" : "SIGTERM"); stopping")
            runner.terminate()
            task.cancel()
        }
        await task.value
        signals.cancel()
        log("stopped")
    }

    private func statusMeaning(_ status: Int32) -> String {
        switch status {
        case 0: return " (done)"
        case 75: return " (skipped: another run holds the store's lock)"
        case -1: return " (stopped by a signal)"
        default: return " (failed)"
        }
    }
}

private func log(_ message: String) {
    FileHandle.standardOutput.write(Data("\(stamp(Date())) \(message)\n".utf8))
}

private func stamp(_ date: Date?) -> String {
    guard let date else { return "never" }
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
}

private func shellQuoted(_ text: String) -> String {
    let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@".contains($0) }
    return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
