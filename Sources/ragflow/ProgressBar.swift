import Foundation
import RAGFlow

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error: files done of total, the rate, the current
/// file; then chunks embedded and their rate. It exists only when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw: ContinuousClock.Instant?
    private var phase: IngestProgress.Phase?
    private var drawn = false

    /// A bar if standard error is a terminal and `enabled`, else `nil`.
    static func onTerminal(enabled: Bool) -> ProgressBar? {
        enabled && isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    }

    /// Draws files done of total (or, once the embedding stage runs, chunks embedded of
    /// total), with their rate.
    func update(_ progress: IngestProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        // Redrawing at most ten times a second keeps a fast re-ingest from being slowed by
        // the terminal; a new phase is always shown.
        if let lastDraw, now - lastDraw < .milliseconds(100), progress.done < progress.total, progress.phase == phase {
            return
        }
        lastDraw = now
        phase = progress.phase
        let (done, total) = (progress.done, progress.total)
        let (unit, rateUnit) = progress.phase == .files ? ("files", "files/s") : ("chunks embedded", "chunks/s")
        let width = 24
        let filled = total == 0 ? width : width * done / total
        var line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        line += "\(done)/\(total) \(unit)  " + String(format: "%.1f ", progress.rate) + rateUnit
        if let path = progress.currentPath { line += "  " + path }
        let columns = ProgressBar.terminalColumns()
        if line.count >= columns { line = String(line.prefix(columns - 1)) }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the bar so that the report prints on a clean line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
