import Testing
import RAGFlow

@Test("file extensions map to the media types RAGFlow reads")
func extensionsMapToMediaTypes() {
    #expect(MediaType(fileExtension: "MD") == .markdown)
    #expect(MediaType(fileExtension: "xhtml") == .html)
    #expect(MediaType(fileExtension: "pdf") == .pdf)
    #expect(MediaType(fileExtension: "exe") == nil)
}
