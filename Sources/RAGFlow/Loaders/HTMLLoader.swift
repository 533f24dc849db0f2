/// Reads HTML (`.html .htm .xhtml`) through libxml2's HTML parser.
///
/// The parser never touches the network and never loads entities or DTDs. Scripts, styles,
/// navigation, page headers and footers, sidebars, forms and the like are dropped (by element,
/// ARIA role and common class names such as Sphinx's `related` and `sphinxsidebar`); the title,
/// headings (as section spans), paragraphs, lists, `pre` blocks and tables (one row per line,
/// cells separated by ` | `) are kept. The charset the page declares is honoured.
///
/// ```swift
/// let document = try HTMLLoader().load(file)
/// document.title // "json — JSON encoder and decoder — Python 3.11.2 documentation"
/// ```
public struct HTMLLoader: DocumentLoader {
    /// Files larger than this are refused without being read.
    public var maxFileBytes: Int

    public init(maxFileBytes: Int = 64 << 20) {
        self.maxFileBytes = maxFileBytes
    }

    public var mediaTypes: Set<MediaType> { [.html] }

    public func load(_ file: SourceFile) throws -> Document {
        let bytes = try file.readBytes(limit: maxFileBytes)
        guard let parsed = ParsedHTML(bytes: bytes) else {
            throw RAGFlowError(.unreadableFile, "libxml2 could not parse the file as HTML", file: file.relativePath)
        }
        var extractor = HTMLTextExtractor()
        parsed.walk(&extractor)
        let title = extractor.title.flatMap { $0.isEmpty ? nil : $0 } ?? extractor.firstHeading
        return Document(
            file: file, bytes: bytes, mediaType: .html, title: title, text: String(extractor.text),
            spans: extractor.sections.spans(length: extractor.length))
    }
}
