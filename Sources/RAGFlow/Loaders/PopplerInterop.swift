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
        return Page(text: take(poppler_page_get_text(page)) ?? "", label: take(poppler_page_get_label(page)))
    }

    /// Copies a string poppler allocated and frees the original with `g_free`.
    private func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}
