import Foundation
import RAGFlow

/// Real files for the loader and cleaner tests: written to a temporary directory, or rendered
/// at test time by Debian's tools (groff through `man -Tpdf`, qpdf), or taken from the system
/// (the Python documentation, license texts).
enum LoaderFixtures {
    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh directory for one test's files.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ragflow-loader-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The file at `url` as an ingest would list it, named by its last path component.
    static func source(_ url: URL, relativePath: String? = nil) throws -> SourceFile {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return SourceFile(
            url: url, relativePath: relativePath ?? url.lastPathComponent,
            size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
            modified: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0))
    }

    /// Writes `bytes` to a new file called `name` and returns it as a source file.
    static func write(_ bytes: Data, named name: String) throws -> SourceFile {
        let url = try directory().appendingPathComponent(name)
        try bytes.write(to: url)
        return try source(url)
    }

    static func write(_ text: String, named name: String) throws -> SourceFile {
        try write(Data(text.utf8), named: name)
    }

    /// Runs a tool from PATH and returns what it wrote to standard output.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        process.environment = merged
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(tool) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return data
    }

    /// The manual page `name` rendered to PDF by groff (`man -Tpdf name`).
    static func manPagePDF(_ name: String) throws -> SourceFile {
        let pdf = try run("man", ["-Tpdf", name], environment: ["MANWIDTH": "80", "LANG": "C.UTF-8"])
        return try write(pdf, named: "\(name).pdf")
    }

    /// The text `pdftotext` (poppler-utils, an independent program) extracts from one page.
    static func pdftotext(_ file: SourceFile, page: Int) throws -> String {
        String(decoding: try run("pdftotext", ["-f", "\(page)", "-l", "\(page)", file.url.path, "-"]), as: UTF8.self)
    }

    /// The page count `pdfinfo` reports.
    static func pdfinfoPages(_ file: SourceFile) throws -> Int {
        let info = String(decoding: try run("pdfinfo", [file.url.path]), as: UTF8.self)
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    static let pythonDocs = URL(fileURLWithPath: "/usr/share/doc/python3/html", isDirectory: true)
    static let licenses = URL(fileURLWithPath: "/usr/share/common-licenses", isDirectory: true)

    /// The repository's `samples/` directory.
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples", isDirectory: true)

    /// Every regular file under `root` whose name ends in one of `extensions`, sorted.
    static func files(under root: URL, extensions: Set<String>) -> [URL] {
        let resolved = root.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: resolved, includingPropertiesForKeys: nil) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The words of `text`, for comparing extractions that differ only in spacing.
    static func words(_ text: String) -> [Substring] {
        text.split { $0.isWhitespace }
    }
}

extension Document {
    /// The text of one span, for assertions.
    func text(of span: TextSpan) -> String {
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[span.range]))
    }

    /// The page of the character at `offset`, from the span map.
    func page(at offset: Int) -> Int? {
        spans.first { $0.range.contains(offset) }?.page
    }
}
