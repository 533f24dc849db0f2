import Foundation

extension SourceFile {
    /// Reads the whole file, refusing files larger than `limit` bytes before reading them.
    ///
    /// The size is taken from the file system at read time, not from ``size``, so a file that
    /// grew since it was listed is still bounded.
    func readBytes(limit: Int) throws -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw RAGFlowError(.unreadableFile, "cannot open the file (\(error.localizedDescription))", file: relativePath)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte past the limit tells a file at the limit from a larger one.
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw RAGFlowError(.unreadableFile, "cannot read the file (\(error.localizedDescription))", file: relativePath)
        }
        if data.count > limit {
            throw RAGFlowError(
                .unreadableFile, "the file is larger than the loader's limit of \(limit) bytes", file: relativePath)
        }
        return data
    }
}

extension Document {
    /// A document for `file` whose identity (hash, size, mtime) comes from the bytes read.
    init(
        file: SourceFile, bytes: Data, mediaType: MediaType, title: String? = nil, author: String? = nil,
        created: Date? = nil, text: String, spans: [TextSpan], warnings: [String] = []
    ) {
        self.init(
            path: file.relativePath, sha256: SHA256.hex(of: bytes), size: bytes.count, modified: file.modified,
            mediaType: mediaType, title: title, author: author, created: created, text: text, spans: spans,
            warnings: warnings)
    }
}
