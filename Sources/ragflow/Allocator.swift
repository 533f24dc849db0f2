internal import CMimalloc

/// The command line's allocator: mimalloc, linked so that it replaces malloc and free for the
/// whole process (poppler, libxml2, SQLite and the Swift runtime alike). glibc's malloc takes
/// its slower, locked path as soon as a process has a second thread, and poppler allocates for
/// every glyph: with it, PDF extraction took about 1.2× `pdftotext`'s time, with mimalloc about
/// 0.9× (docs/dependencies.md).
enum Allocator {
    /// mimalloc's version (a call into the library, which also keeps the linker from dropping it).
    static var name: String { "mimalloc \(mi_version())" }
}
