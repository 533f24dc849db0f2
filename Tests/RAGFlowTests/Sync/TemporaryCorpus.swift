import Foundation

/// A fresh directory under the system temporary folder holding an ingest root (`docs/`) and a
/// store (`store/`); removed when the value goes away.
final class TemporaryCorpus {
    let directory: URL
    var root: URL { directory.appendingPathComponent("docs") }
    var store: URL { directory.appendingPathComponent("store") }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ragflow-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// Writes a file under the root, creating folders as needed.
    func write(_ relativePath: String, _ text: String) throws {
        let url = url(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ relativePath: String) throws { try FileManager.default.removeItem(at: url(relativePath)) }

    func move(_ from: String, to: String) throws { try FileManager.default.moveItem(at: url(from), to: url(to)) }

    /// A file's modification time, to the nanosecond.
    func modified(_ relativePath: String) throws -> timespec {
        var info = stat()
        guard stat(url(relativePath).path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return info.st_mtim
    }

    /// Sets a file's modification time exactly, to simulate a touch or to undo one.
    func setModified(_ relativePath: String, _ time: timespec) throws {
        let times = [time, time]
        guard utimensat(AT_FDCWD, url(relativePath).path, times, 0) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Moves a file's modification time by `seconds`.
    func touch(_ relativePath: String, by seconds: Int) throws {
        var time = try modified(relativePath)
        time.tv_sec += seconds
        try setModified(relativePath, time)
    }
}
