import Foundation
import RAGFlow

/// A small real pipeline for sync tests: reads `.txt` and `.md` files as UTF-8 and makes one
/// chunk per paragraph. It fails on files that contain a NUL byte, and records every file it
/// reads so that tests can tell which files were parsed.
final class PlainTextProcessor: DocumentProcessor, @unchecked Sendable {
    let fingerprint: String
    private let lock = NSLock()
    private var readPaths: [String] = []
    /// Called before each file is read; lets a test pause an ingest in the middle.
    private let beforeProcessing: (@Sendable (SourceFile) -> Void)?

    init(version: Int = 1, beforeProcessing: (@Sendable (SourceFile) -> Void)? = nil) {
        fingerprint = "plain-text-paragraphs-v\(version)"
        self.beforeProcessing = beforeProcessing
    }

    /// Paths read so far, in order; resets the record.
    func takeReadPaths() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        defer { readPaths = [] }
        return readPaths
    }

    func accepts(relativePath: String) -> Bool {
        relativePath.hasSuffix(".txt") || relativePath.hasSuffix(".md")
    }

    func process(_ file: SourceFile) throws -> (document: Document, chunks: [Chunk]) {
        beforeProcessing?(file)
        lock.lock()
        readPaths.append(file.relativePath)
        lock.unlock()
        let data = try Data(contentsOf: file.url)
        if data.contains(0) { throw RAGFlowError(.unreadableFile, "binary file (NUL byte)", file: file.relativePath) }
        let text = String(decoding: data, as: UTF8.self)
        let document = Document(
            path: file.relativePath, sha256: SHA256.hex(of: data), size: data.count, modified: file.modified,
            mediaType: file.relativePath.hasSuffix(".md") ? .markdown : .plainText, text: text,
            spans: [TextSpan(range: 0..<text.unicodeScalars.count)])
        var chunks: [Chunk] = []
        var offset = 0
        for paragraph in text.components(separatedBy: "\n\n") {
            let length = paragraph.unicodeScalars.count
            let trimmed = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty {
                chunks.append(
                    Chunk(documentPath: file.relativePath, ordinal: chunks.count, text: trimmed, range: offset..<offset + length))
            }
            offset += length + 2
        }
        return (document, chunks)
    }
}
