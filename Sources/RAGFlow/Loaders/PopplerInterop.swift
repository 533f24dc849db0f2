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
        /// The page's text, without trailing line breaks.
        var text: String
        /// How many Unicode scalars `text` holds.
        var scalarCount: Int
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
        let label = take(poppler_page_get_label(page))
        guard let text = poppler_page_get_text(page) else { return Page(text: "", scalarCount: 0, label: label) }
        defer { g_free(text) }
        // Both calls share the page's cached text page, so the layout costs little extra.
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        if poppler_page_get_text_layout(page, &rectangles, &count) == 0 { rectangles = nil }
        defer { g_free(rectangles) }
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
        let boxes = UnsafeBufferPointer(start: rectangles, count: rectangles == nil ? 0 : Int(count))
        return Self.separatingColumns(bytes, boxes, label: label)
    }

    /// Decodes a page's UTF-8 text, dropping trailing line breaks and inserting a space between
    /// two characters of one line that have a visible gap between them but no space character:
    /// `poppler_page_get_text` glues table cells, and the tag and body of a man page's option
    /// list, together ("0Successful"), where `pdftotext` separates them.
    ///
    /// `boxes` holds one box per character of the text, as `poppler_page_get_text_layout`
    /// returns them; when the counts differ no spaces are inserted. Works on bytes, since this
    /// runs over every character of every PDF.
    private static func separatingColumns(
        _ bytes: UnsafeBufferPointer<UInt8>, _ boxes: UnsafeBufferPointer<PopplerRectangle>, label: String?
    ) -> Page {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0C { end -= 1 }
        var characters = 0
        for byte in bytes where byte & 0xC0 != 0x80 { characters += 1 }
        let useBoxes = characters == boxes.count
        var out = [UInt8]()
        out.reserveCapacity(end + end / 32)
        var character = -1
        var previousIsSpace = true
        var scalars = 0
        for index in 0..<end {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                character += 1
                scalars += 1
                let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
                if useBoxes, !isSpace, !previousIsSpace {
                    let left = boxes[character - 1], right = boxes[character]
                    let height = max(left.y2 - left.y1, right.y2 - right.y1)
                    if right.x1 - left.x2 > 0.3 * height, abs(right.y1 - left.y1) < height / 2 {
                        out.append(0x20)
                        scalars += 1
                    }
                }
                previousIsSpace = isSpace
            }
            out.append(byte)
        }
        if let text = String(validating: out, as: UTF8.self) {
            return Page(text: text, scalarCount: scalars, label: label)
        }
        // Invalid UTF-8 from poppler: repaired with U+FFFD, which changes the count.
        let repaired = String(decoding: out, as: UTF8.self)
        return Page(text: repaired, scalarCount: repaired.unicodeScalars.count, label: label)
    }

    /// Copies a string poppler allocated and frees the original with `g_free`.
    private func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}
