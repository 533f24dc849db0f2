#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open file descriptor, closed in deinit, with the few system calls the index needs
/// (positioned reads and writes, append, fsync, flock). Errors carry the path and errno.
final class SystemFile {
    let path: String
    let fd: Int32

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws {
        self.path = path
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemFile.error("open", path) }
        self.fd = fd
    }

    deinit { close(fd) }

    static func error(_ call: String, _ path: String, offset: Int? = nil) -> VectorIndexError {
        let code = errno
        return VectorIndexError(
            .io, "\(call) failed: \(String(cString: strerror(code))) (errno \(code))", file: path,
            offset: offset)
    }

    var size: Int {
        get throws {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw SystemFile.error("fstat", path) }
            return Int(st.st_size)
        }
    }

    func write(_ p: UnsafeRawPointer, count: Int, at offset: Int) throws {
        var done = 0
        while done < count {
            let n = pwrite(fd, p + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemFile.error("pwrite", path, offset: offset + done)
            }
            done += n
        }
    }

    /// Appends with one write(2) per chunk; the file must be opened with O_APPEND.
    func append(_ p: UnsafeRawPointer, count: Int) throws {
        var done = 0
        while done < count {
            let n = Glibc_write(fd, p + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemFile.error("write", path)
            }
            done += n
        }
    }

    func read(into p: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, p + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemFile.error("pread", path, offset: offset + done)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    func readAll(from offset: Int) throws -> [UInt8] {
        let total = try size
        guard total > offset else { return [] }
        var bytes = [UInt8](repeating: 0, count: total - offset)
        let n = try bytes.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: $0.count, at: offset) }
        bytes.removeLast(bytes.count - n)
        return bytes
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw SystemFile.error("fsync", path) }
    }

    func truncate(to length: Int) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw SystemFile.error("ftruncate", path) }
    }

    /// Takes an exclusive advisory lock without waiting; false when another process holds it.
    func tryLockExclusive() throws -> Bool {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw SystemFile.error("flock", path)
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Glibc_rename(from, to) == 0 else { throw SystemFile.error("rename to \(to)", from) }
    }

    /// fsync on the directory, so that a rename inside it survives a power cut.
    static func syncDirectory(_ path: String) throws {
        let dir = try SystemFile(path: path, flags: O_RDONLY | O_DIRECTORY)
        try dir.sync()
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func remove(_ path: String) { unlink(path) }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw SystemFile.error("mkdir", path) }
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Identity of the file now at `path` (device and inode), to notice a rename over it.
    static func identity(_ path: String) -> (UInt64, UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }
}

// The global write(2) and rename(2), which the methods above shadow.
@inline(__always)
private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always)
private func Glibc_rename(_ a: String, _ b: String) -> Int32 { rename(a, b) }

/// A private, writable mapping of a whole file: pages are read from the file on first touch and
/// copied on first write, so changes never reach the file. Unmapped in deinit.
final class MappedFile {
    let base: UnsafeMutableRawPointer
    let length: Int

    init(_ file: SystemFile) throws {
        length = try file.size
        guard length > 0 else { throw VectorIndexError(.truncated, "file is empty", file: file.path, section: "header", offset: 0) }
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, file.fd, 0)
        guard let p, p != UnsafeMutableRawPointer(bitPattern: -1) else { throw SystemFile.error("mmap", file.path) }
        base = p
    }

    deinit { munmap(base, length) }
}
