import Foundation

/// Runs a job at the times a ``CronExpression`` names, one run at a time, until its task is
/// cancelled.
///
/// A run that is still going when the next time comes is never overlapped: that time is skipped
/// and the scheduler waits for the one after the run ends.
///
/// ```swift
/// let scheduler = CronScheduler(try CronExpression("*/10 * * * *"))
/// let task = Task { await scheduler.run { scheduled in await reindex() } }
/// // later: task.cancel()
/// ```
public struct CronScheduler: Sendable {
    public let expression: CronExpression
    public let timeZone: TimeZone

    public init(_ expression: CronExpression, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.expression = expression
        self.timeZone = timeZone
    }

    /// Calls `job` with each scheduled time as it comes, until the calling task is cancelled.
    /// Returns when cancelled (a run in progress is left to the job to finish or abandon).
    public func run(_ job: @Sendable (_ scheduled: Date) async -> Void) async {
        var after = Date()
        while !Task.isCancelled {
            guard let next = expression.nextDate(after: after, in: timeZone) else { return }
            guard await CronScheduler.sleep(until: next) else { return }
            await job(next)
            // Times that passed during the run are skipped, never run late or twice.
            after = max(next, Date())
        }
    }

    /// Sleeps until `date` by the wall clock; `false` when cancelled first.
    static func sleep(until date: Date) async -> Bool {
        while true {
            let remaining = date.timeIntervalSinceNow
            if remaining <= 0 { return true }
            // Sleep in short steps so that a wall-clock change is noticed within a second.
            let step = min(remaining, 1.0)
            do {
                try await Task.sleep(nanoseconds: UInt64(step * 1_000_000_000))
            } catch {
                return false
            }
        }
    }
}
