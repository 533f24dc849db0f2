import Foundation
internal import CPoppler

/// A PDF opened by poppler-glib (`poppler_document_new_from_bytes`), owned and released here.
final class PopplerPDF {
    /// Why poppler refused a file.
    enum OpenFailure: Error {
        case encrypted
        case damaged(String)
    }

    /// The text and label of one page.
    struct Page {
        var text: String
        var label: String?
    }

    private let document: OpaquePointer

    /// Opens a PDF from its bytes (poppler keeps its own copy) without a password.
    init(bytes: Data) throws(OpenFailure) {
        var error: UnsafeMutablePointer<GError>?
        let opened: OpaquePointer? = bytes.withUnsafeBytes { raw in
            let copy = g_bytes_new(raw.baseAddress, gsize(raw.count))
            defer { g_bytes_unref(copy) }
            return poppler_document_new_from_bytes(copy, nil, &error)
        }
        if let error {
            defer { g_error_free(error) }
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            if error.pointee.domain == poppler_error_quark(),
                error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw .encrypted
            }
            throw .damaged(message)
        }
        guard let opened else { throw .damaged("poppler returned no document") }
        document = opened
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

    var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    var title: String? { take(poppler_document_get_title(document)) }
    var author: String? { take(poppler_document_get_author(document)) }

    var created: Date? {
        let seconds = poppler_document_get_creation_date(document)
        return seconds <= 0 ? nil : Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The text of page `index` (0-based) in reading order (`poppler_page_get_text`), and its
    /// label; `nil` when poppler cannot load the page.
    func page(_ index: Int) -> Page? {
        guard let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        let text = take(poppler_page_get_text(page)) ?? ""
        // Both calls share the page's cached text page, so the layout costs little extra.
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        let laidOut = poppler_page_get_text_layout(page, &rectangles, &count) != 0
        defer { g_free(rectangles) }
        let spaced = laidOut && rectangles != nil
            ? Self.separatingColumns(text, UnsafeBufferPointer(start: rectangles, count: Int(count))) : text
        return Page(text: spaced, label: take(poppler_page_get_label(page)))
    }

    /// Inserts a space between two characters of one line that have a visible gap between them
    /// but no space character: `poppler_page_get_text` glues table cells and the tag and body of
    /// man-page option lists together ("0Successful"), where `pdftotext` separates them.
    /// `rectangles` holds one box per character of `text`, as `poppler_page_get_text_layout`
    /// returns them; when the counts differ the text is returned unchanged.
    private static func separatingColumns(_ text: String, _ rectangles: UnsafeBufferPointer<PopplerRectangle>) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == rectangles.count, scalars.count > 1 else { return text }
        var spaced = String.UnicodeScalarView()
        spaced.reserveCapacity(scalars.count + scalars.count / 16)
        for index in scalars.indices {
            spaced.append(scalars[index])
            guard index + 1 < scalars.count, !scalars[index].properties.isWhitespace,
                !scalars[index + 1].properties.isWhitespace else { continue }
            let left = rectangles[index], right = rectangles[index + 1]
            let height = max(left.y2 - left.y1, right.y2 - right.y1)
            if right.x1 - left.x2 > 0.3 * height, abs(right.y1 - left.y1) < height / 2 { spaced.append(" ") }
        }
        return String(spaced)
    }

    /// Copies a string poppler allocated and frees the original with `g_free`.
    private func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}
