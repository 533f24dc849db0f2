import Foundation
import RAGFlow
import Testing

/// The default pipeline's ingest half on real files: Markdown, HTML, a PDF made by groff.
@Suite("Pipeline processor")
struct PipelineProcessorTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("processor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ contents: String) throws -> SourceFile {
        try write(name, Data(contents.utf8))
    }

    private func write(_ name: String, _ data: Data) throws -> SourceFile {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return SourceFile(url: url, relativePath: name, size: data.count, modified: Date())
    }

    /// A two-page man page rendered to PDF by groff, as the real corpus is.
    private func manPagePDF() throws -> SourceFile {
        let source = folder.appendingPathComponent("fruit.1")
        try Data("""
            .TH FRUIT 1
            .SH NAME
            fruit \\- knows about fruit
            .SH DESCRIPTION
            The first page talks about apples. \(String(repeating: "Apples are red and grow on trees in orchards. ", count: 8))
            .bp
            The second page talks about pears. \(String(repeating: "Pears are green and sweet in the autumn. ", count: 8))

            """.utf8).write(to: source)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["groff", "-Tpdf", "-man", source.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pdf = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try write("fruit.pdf", pdf)
    }

    private func checkChunks(_ document: Document, _ chunks: [Chunk]) {
        let scalars = Array(document.text.unicodeScalars)
        #expect(!chunks.isEmpty)
        for (ordinal, chunk) in chunks.enumerated() {
            #expect(chunk.ordinal == ordinal)
            #expect(chunk.documentPath == document.path)
            #expect(chunk.range.upperBound <= scalars.count)
            #expect(chunk.text == String(String.UnicodeScalarView(scalars[chunk.range])))
        }
    }

    @Test("the default pipeline picks loaders by extension and chunks Markdown, HTML and PDF")
    func processesRealFiles() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let processor = try PipelineProcessor(spec: try PipelineSpec.builtInDefault())
        #expect(processor.fingerprint == (try PipelineSpec.builtInDefault()).ingestFingerprint())
        for path in ["a.md", "docs/b.HTML", "c.pdf", "d.txt", "e.rst"] { #expect(processor.accepts(relativePath: path), "\(path)") }
        for path in ["a.csv", "README", ".md", "archive.pdf.gz"] { #expect(!processor.accepts(relativePath: path), "\(path)") }

        let markdown = try write("guide.md", "# Guide\n\nIntro text here.\n\n## Install\n\nRun the installer. It asks\nfor a folder.\n")
        let (mdDocument, mdChunks) = try processor.process(markdown)
        #expect(mdDocument.mediaType == .markdown)
        checkChunks(mdDocument, mdChunks)

        let html = try write("page.html", """
            <html><head><title>Page</title></head><body><nav>previous | next</nav>
            <h1>Tools</h1><p>The hammer drives nails.</p><h2>Saws</h2><p>The saw cuts wood.</p></body></html>
            """)
        let (htmlDocument, htmlChunks) = try processor.process(html)
        checkChunks(htmlDocument, htmlChunks)
        #expect(!htmlChunks.contains { $0.text.contains("previous | next") })

        let (pdfDocument, pdfChunks) = try processor.process(try manPagePDF())
        #expect(pdfDocument.mediaType == .pdf)
        checkChunks(pdfDocument, pdfChunks)
        let pears = try #require(pdfChunks.first { $0.text.contains("pears") })
        #expect(pears.pages == 2...2)
        let apples = try #require(pdfChunks.first { $0.text.contains("apples") })
        #expect(apples.pages?.lowerBound == 1)
    }

    @Test("a file that cannot be read fails alone with an error naming it")
    func failingFileNamesItself() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let processor = try PipelineProcessor(spec: try PipelineSpec.builtInDefault())
        let binary = try write("blob.txt", Data([0x41, 0x00, 0x42, 0x00]))
        #expect {
            try processor.process(binary)
        } throws: { error in
            (error as? RAGFlowError)?.file == "blob.txt"
        }
        #expect {
            try processor.process(SourceFile(url: folder.appendingPathComponent("x.csv"), relativePath: "x.csv", size: 0, modified: Date()))
        } throws: { error in
            (error as? RAGFlowError)?.kind == .unreadableFile
        }
    }
}
