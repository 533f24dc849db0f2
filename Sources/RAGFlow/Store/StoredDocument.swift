/// What the store records about one source file, as sync compares it with the disk.
package struct StoredDocument: Sendable, Hashable {
    package enum Status: String, Sendable {
        /// Parsed and chunked by the pipeline whose fingerprint the row carries.
        case ok
        /// The pipeline failed on it; `error` says why.
        case failed
    }

    package var id: Int64
    /// Path relative to its root, with `/` separators.
    package var path: String
    package var sha256: String?
    package var size: Int
    /// Modification time in nanoseconds since 1970, exactly as `stat` gave it.
    package var mtimeNanoseconds: Int64
    package var status: Status
    package var error: String?
    /// Fingerprint of the pipeline that built (or failed on) this document.
    package var fingerprint: String
}
