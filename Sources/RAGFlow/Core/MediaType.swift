/// The kinds of document RAGFlow reads, named by their media types.
public enum MediaType: String, Sendable, Hashable, Codable, CaseIterable {
    case plainText = "text/plain"
    case markdown = "text/markdown"
    case restructuredText = "text/x-rst"
    case html = "text/html"
    case pdf = "application/pdf"

    /// The media type a file name's extension implies, or `nil` for files RAGFlow does not read.
    ///
    /// ```swift
    /// MediaType(fileExtension: "md") // .markdown
    /// ```
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt", "text": self = .plainText
        case "md", "markdown": self = .markdown
        case "rst": self = .restructuredText
        case "html", "htm", "xhtml": self = .html
        case "pdf": self = .pdf
        default: return nil
        }
    }
}
