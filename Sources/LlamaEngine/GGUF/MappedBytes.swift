#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only bytes of a file, memory-mapped (or, for in-memory GGUF images, a heap copy).
/// The one owner of the mapping: `deinit` unmaps it. Tensors keep a reference so the mapping
/// outlives every pointer handed out.
package final class MappedBytes: @unchecked Sendable {
    // Immutable after init and never written through, hence safe to share across threads.
    package let buffer: UnsafeRawBufferPointer
    private let isMapped: Bool

    /// Maps `path` read-only (`mmap(2)` with `MAP_PRIVATE`).
    package init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LlamaEngineError(.io, "cannot open: \(MappedBytes.errnoText())", path: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw LlamaEngineError(.io, "cannot stat: \(MappedBytes.errnoText())", path: path)
        }
        let size = Int(info.st_size)
        if size == 0 {
            // mmap rejects length 0; an empty file is simply a truncated GGUF.
            buffer = UnsafeRawBufferPointer(start: nil, count: 0)
            isMapped = false
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
            address != MAP_FAILED
        else {
            throw LlamaEngineError(.io, "cannot mmap: \(MappedBytes.errnoText())", path: path)
        }
        buffer = UnsafeRawBufferPointer(start: address, count: size)
        isMapped = true
    }

    /// Copies `bytes` to a private, 64-byte aligned heap buffer. Buffers of 2 MiB or more are
    /// aligned to 2 MiB and asked for transparent huge pages: weight matrices are streamed row
    /// group by row group, and with 4 KiB pages each group crosses pages the prefetcher does
    /// not follow.
    package init(copying bytes: some Collection<UInt8>) {
        let huge = 2 << 20
        let memory = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(bytes.count, 1), alignment: bytes.count >= huge ? huge : 64)
        #if os(Linux)
        if bytes.count >= huge, let base = memory.baseAddress {
            _ = madvise(base, bytes.count / huge * huge, MADV_HUGEPAGE)
        }
        #endif
        _ = memory.initializeMemory(as: UInt8.self, from: bytes)
        buffer = UnsafeRawBufferPointer(start: memory.baseAddress, count: bytes.count)
        isMapped = false
    }

    deinit {
        guard let base = buffer.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), buffer.count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
