import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The writer lock of a store: an exclusive `flock(2)` on `ingest.lock` in the store directory,
/// held for the whole of an ingest.
///
/// The kernel releases the lock when the holder's file descriptor closes, including when the
/// process is killed, so a crash never leaves a stale lock. The file's content names the holder
/// (pid and start time) so that a refused writer can say who is running.
package final class StoreLock: @unchecked Sendable {
    // One owner for the descriptor; `deinit` closes it, which releases the lock.
    private let descriptor: Int32

    package static let fileName = "ingest.lock"

    /// Who holds the lock, as its file says.
    package struct Holder: Sendable, Equatable {
        package var pid: Int32
        package var startedAt: Date
    }

    /// Takes the lock without waiting. Throws ``RAGFlowError/Kind/busy`` naming the holder when
    /// another writer has it.
    package init(directory: URL) throws {
        let path = directory.appendingPathComponent(StoreLock.fileName).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RAGFlowError(.store, "cannot open the lock file: \(String(cString: strerror(errno)))", file: path)
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            close(fd)
            guard reason == EWOULDBLOCK else {
                throw RAGFlowError(.store, "cannot lock the store: \(String(cString: strerror(reason)))", file: path)
            }
            throw RAGFlowError(.busy, StoreLock.busyMessage(holder: StoreLock.holder(path: path)), file: directory.path)
        }
        descriptor = fd
        let text = "\(getpid()) \(Date().timeIntervalSince1970)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        // Emptying the file first keeps a later reader from naming a process that is gone.
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    /// The holder the lock file names, if it names one. The holder writes its line right after
    /// taking the lock, so a reader racing with it briefly retries.
    package static func holder(path: String) -> Holder? {
        for _ in 0..<20 {
            if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
                let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
                if fields.count >= 2, let pid = Int32(fields[0]), let seconds = Double(fields[1]) {
                    return Holder(pid: pid, startedAt: Date(timeIntervalSince1970: seconds))
                }
            }
            usleep(5_000)
        }
        return nil
    }

    private static func busyMessage(holder: Holder?) -> String {
        guard let holder else { return "another ingest is running on this store" }
        let started = ISO8601DateFormatter().string(from: holder.startedAt)
        return "another ingest is running on this store (pid \(holder.pid), started \(started))"
    }
}
