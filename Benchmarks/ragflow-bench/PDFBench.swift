import ArgumentParser
import Foundation
import RAGFlow

/// `ragflow-bench pdf FILE...`: extracts the text of PDFs with ``PDFLoader`` and prints pages,
/// characters and time. `Benchmarks/pdf-extract.sh` runs it beside `pdftotext` on the same files.
struct PDFBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf", abstract: "Extract the text of PDF files with PDFLoader and time it.")

    @Argument(help: "PDF files to read.")
    var files: [String]

    @Flag(help: "Write the extracted text to standard output instead of a summary.")
    var text = false

    func run() throws {
        let loader = PDFLoader()
        var pages = 0, characters = 0
        let start = ContinuousClock.now
        for path in files {
            let url = URL(fileURLWithPath: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let file = SourceFile(
                url: url, relativePath: url.lastPathComponent, size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                modified: attributes[.modificationDate] as? Date ?? Date())
            let document = try loader.load(file)
            pages += document.spans.count
            characters += document.text.unicodeScalars.count
            if text { FileHandle.standardOutput.write(Data(document.text.utf8)) }
        }
        let elapsed = ContinuousClock.now - start
        if !text {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("files \(files.count) pages \(pages) characters \(characters) seconds \(String(format: "%.3f", seconds))")
        }
    }
}
