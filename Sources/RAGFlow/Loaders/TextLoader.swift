/// Reads plain text, Markdown and reStructuredText (`.txt .md .markdown .rst`).
///
/// The text is kept as written (markup included). Markdown and reStructuredText headings become
/// section spans, so every stretch of text knows its heading path; the first top-level heading
/// becomes the title. Bytes are decoded as UTF-8 (with or without a byte-order mark) or UTF-16
/// (with one); anything else is read as Latin-1 with a warning. A file with NUL bytes is refused
/// as binary.
///
/// ```swift
/// let document = try TextLoader().load(file)
/// document.spans.map(\.headingPath) // [[], ["Install"], ["Install", "From source"]]
/// ```
public struct TextLoader: DocumentLoader {
    /// Files larger than this are refused without being read.
    public var maxFileBytes: Int

    public init(maxFileBytes: Int = 64 << 20) {
        self.maxFileBytes = maxFileBytes
    }

    public var mediaTypes: Set<MediaType> { [.plainText, .markdown, .restructuredText] }

    public func load(_ file: SourceFile) throws -> Document {
        let fileExtension = file.relativePath.split(separator: ".").last.map(String.init) ?? ""
        let mediaType = MediaType(fileExtension: fileExtension).flatMap { mediaTypes.contains($0) ? $0 : nil }
            ?? .plainText
        let bytes = try file.readBytes(limit: maxFileBytes)
        let decoded = try TextDecoding.decode(bytes, file: file.relativePath)
        let scalars = Array(decoded.text.unicodeScalars)
        let sections: SectionMap
        switch mediaType {
        case .markdown: sections = LightMarkupHeadings.markdown(scalars)
        case .restructuredText: sections = LightMarkupHeadings.restructuredText(scalars)
        default: sections = SectionMap()
        }
        let title = (sections.headings.first { $0.level == 1 } ?? sections.headings.first)?.title
        return Document(
            file: file, bytes: bytes, mediaType: mediaType, title: title, text: decoded.text,
            spans: sections.spans(length: scalars.count), warnings: decoded.warnings)
    }
}
