import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// OpenBLAS, opened on first use rather than linked.
///
/// A linked OpenBLAS starts its worker threads when the process starts, and they spin for
/// about 0.1 s waiting for work: every `ragflow` command paid that much CPU, even the ones
/// that never multiply a matrix (`validate`, a BM25 query, reading PDFs). Opened here, only
/// the encoder's large batches and long prompts' attention pay it. The thread count is set
/// through `OPENBLAS_NUM_THREADS` before OpenBLAS reads it, to the machine's cores (the pool
/// then lowers it per call). Without the library (`libopenblas0` on Debian), ``sgemm`` is
/// `nil` and callers use the engine's own kernels.
enum OpenBLAS {
    /// `cblas_sgemm` with the layout and transpositions as CBLAS's integer codes.
    typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias GetThreads = @convention(c) () -> Int32

    static let rowMajor: Int32 = 101
    static let noTranspose: Int32 = 111
    static let transpose: Int32 = 112

    struct Functions: @unchecked Sendable {
        // @unchecked: C function pointers into a library that stays loaded.
        let sgemm: SGEMM
        let setThreads: SetThreads
        let getThreads: GetThreads
    }

    /// The entry points, or `nil` when no OpenBLAS could be opened.
    static let functions: Functions? = open()

    /// Library names tried in order: Debian's runtime package, a development symlink, Homebrew.
    static let libraryNames = [
        "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
        "/usr/local/opt/openblas/lib/libopenblas.dylib",
    ]

    private static func open() -> Functions? {
        // Does not override a count the user set.
        setenv("OPENBLAS_NUM_THREADS", String(ProcessInfo.processInfo.activeProcessorCount), 0)
        for name in libraryNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let sgemm = dlsym(handle, "cblas_sgemm"), let set = dlsym(handle, "openblas_set_num_threads"),
                let get = dlsym(handle, "openblas_get_num_threads")
            else {
                dlclose(handle)
                continue
            }
            return Functions(
                sgemm: unsafeBitCast(sgemm, to: SGEMM.self), setThreads: unsafeBitCast(set, to: SetThreads.self),
                getThreads: unsafeBitCast(get, to: GetThreads.self))
        }
        return nil
    }
}
