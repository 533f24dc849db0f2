import Foundation

/// One `ragflow reindex` child process at a time, which the schedule can ask to stop.
final class ReindexChild: @unchecked Sendable {
    private let executable: URL
    private let store: URL
    private let lock = NSLock()
    private var current: Process?
    private var stopping = false

    init(executable: URL, store: URL) {
        self.executable = executable
        self.store = store
    }

    /// Runs `ragflow reindex --store STORE` to its end, passing its output through; returns its
    /// exit status, or -1 when a signal ended it.
    func run() -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["reindex", "--store", store.path]
        lock.lock()
        if stopping {
            lock.unlock()
            return -1
        }
        current = process
        lock.unlock()
        defer {
            lock.lock()
            current = nil
            lock.unlock()
        }
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("error: cannot start \(executable.path): \(error)\n".utf8))
            return 1
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? -1 : process.terminationStatus
    }

    /// Asks a running child to stop (SIGTERM) and keeps new ones from starting. The store's
    /// transactions make a stop at any point safe: the next run completes the work.
    func terminate() {
        lock.lock()
        stopping = true
        let process = current
        lock.unlock()
        if let process, process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }
}

/// Calls a handler when one of the given signals arrives, instead of the default action.
final class SignalWatcher {
    private static let queue = DispatchQueue(label: "ragflow.signals")
    private var sources: [DispatchSourceSignal] = []

    init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        for number in signals {
            signal(number, SIG_IGN)
            // A queue of its own (overcommit): the global pool may be busy with ingest workers.
            let source = DispatchSource.makeSignalSource(signal: number, queue: SignalWatcher.queue)
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}

/// The absolute path of the running `ragflow` binary, for crontab lines and child processes.
enum ExecutablePath {
    static var current: URL {
        if let path = Bundle.main.executablePath { return URL(fileURLWithPath: path).resolvingSymlinksInPath() }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }
}
