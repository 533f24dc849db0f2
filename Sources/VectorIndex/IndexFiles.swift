#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of an index directory and the steps that publish them.
struct IndexFiles: Sendable {
    let directory: String

    var snapshot: String { directory + "/snapshot.vix" }
    var log: String { directory + "/changes.log" }
    var lock: String { directory + "/writer.lock" }

    /// Takes the writer lock, held while the returned file stays open.
    func lockWriter() throws -> SystemFile {
        let file = try SystemFile(path: lock, flags: O_RDWR | O_CREAT)
        guard try file.tryLockExclusive() else {
            throw VectorIndexError(.locked, "another process is writing this index", file: lock)
        }
        return file
    }

    /// Temporary files a crashed checkpoint may have left.
    func removeTemporaries() {
        SystemFile.remove(snapshot + ".tmp")
        SystemFile.remove(log + ".tmp")
    }

    /// Writes the graph to a temporary file, fsyncs it, renames it over the snapshot and
    /// fsyncs the directory: readers see the old snapshot or the new one, never a mix.
    func publishSnapshot(_ graph: HNSWGraph, parameters: IndexParameters, generation: UInt64) throws {
        let temporary = snapshot + ".tmp"
        try SnapshotWriter.write(graph, parameters: parameters, generation: generation, to: temporary)
        try SystemFile.rename(temporary, snapshot)
        try SystemFile.syncDirectory(directory)
    }

    var bytesOnDisk: Int { SystemFile.fileSize(snapshot) + SystemFile.fileSize(log) }
}
