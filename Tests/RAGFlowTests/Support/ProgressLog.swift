import Foundation
import RAGFlow

/// Progress events as they arrive, from whichever thread reports them.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [IngestProgress] = []

    func append(_ event: IngestProgress) {
        lock.lock()
        stored.append(event)
        lock.unlock()
    }

    var events: [IngestProgress] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
