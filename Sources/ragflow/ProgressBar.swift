import Foundation
import RAGFlow

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error: files done of total, the rate, the current
/// file. It exists only when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false

    /// A bar if standard error is a terminal and `enabled`, else `nil`.
    static func onTerminal(enabled: Bool) -> ProgressBar? {
        enabled && isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    }

    func update(_ progress: IngestProgress) {
        update(done: progress.done, total: progress.total, current: progress.currentPath, unit: "files")
    }

    /// Draws `done` of `total` things called `unit` ("chunks"), with their rate.
    func update(done: Int, total: Int, current: String?, unit: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        // Redrawing at most ten times a second keeps a fast re-ingest from being slowed by
        // the terminal.
        if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
        lastDraw = now
        let elapsed = now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let width = 24
        let filled = total == 0 ? width : width * done / total
        var line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        line += "\(done)/\(total) \(unit)  " + String(format: "%.1f \(unit)/s", rate)
        if let path = current { line += "  " + path }
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
