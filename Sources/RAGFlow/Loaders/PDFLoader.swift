import Foundation

/// Reads PDF files through poppler-glib: the text of each page in reading order, one page span
/// per page (with the page label when the PDF defines one that differs from the number), and
/// the title, author and creation date from the document's metadata.
///
/// Pages are separated by a blank line; each page's span includes the separator after it.
/// An encrypted PDF (one that needs a password to open) or a damaged one throws
/// ``RAGFlowError`` of kind `.unreadableFile` naming the file.
///
/// ```swift
/// let document = try PDFLoader().load(file)
/// document.spans.map(\.page) // [1, 2, 3, ...]
/// ```
public struct PDFLoader: DocumentLoader {
    /// Files larger than this are refused without being read.
    public var maxFileBytes: Int
    /// Documents with more pages than this are refused before any page is read.
    public var maxPages: Int

    public init(maxFileBytes: Int = 64 << 20) {
        self.init(maxFileBytes: maxFileBytes, maxPages: 10_000)
    }

    public init(maxFileBytes: Int, maxPages: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxPages = maxPages
    }

    public var mediaTypes: Set<MediaType> { [.pdf] }

    public func load(_ file: SourceFile) throws -> Document {
        let bytes = try file.readBytes(limit: maxFileBytes)
        let pdf: PopplerPDF
        do {
            pdf = try PopplerPDF(bytes: bytes)
        } catch .encrypted {
            throw RAGFlowError(.unreadableFile, "the PDF is encrypted and needs a password", file: file.relativePath)
        } catch .damaged(let reason) {
            throw RAGFlowError(.unreadableFile, "the PDF is damaged (\(reason))", file: file.relativePath)
        }
        let pageCount = pdf.pageCount
        guard pageCount > 0 else {
            throw RAGFlowError(.unreadableFile, "the PDF is damaged (no readable pages)", file: file.relativePath)
        }
        guard pageCount <= maxPages else {
            throw RAGFlowError(
                .unreadableFile, "the PDF has \(pageCount) pages, more than the loader's limit of \(maxPages)",
                file: file.relativePath)
        }
        var text = ""
        var spans: [TextSpan] = []
        spans.reserveCapacity(pageCount)
        var length = 0
        for index in 0..<pageCount {
            guard let page = pdf.page(index) else {
                throw RAGFlowError(.unreadableFile, "poppler could not load the page", file: file.relativePath, page: index + 1)
            }
            let start = length
            text += page.text
            length += page.scalarCount
            if index + 1 < pageCount {
                text += "\n\n"
                length += 2
            }
            let label = page.label.flatMap { $0.isEmpty || $0 == String(index + 1) ? nil : $0 }
            spans.append(TextSpan(range: start..<length, page: index + 1, pageLabel: label))
        }
        return Document(
            file: file, bytes: bytes, mediaType: .pdf, title: nonEmpty(pdf.title), author: nonEmpty(pdf.author),
            created: pdf.created, text: text, spans: spans)
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
