import Foundation
import RAGFlow

/// Real prose for tests: license texts Debian installs, cut into paragraph chunks as a
/// retriever would return them.
enum RealText {
    static let licenseNames = ["Apache-2.0", "GPL-3", "MPL-2.0"]

    static func license(_ name: String) throws -> String {
        try String(contentsOfFile: "/usr/share/common-licenses/\(name)", encoding: .utf8)
    }

    /// Whether `man` can render pages here (Debian's man-db with groff).
    static let hasManPages = FileManager.default.isExecutableFile(atPath: "/usr/bin/man")
        && FileManager.default.fileExists(atPath: "/usr/share/man/man1/bash.1.gz")

    /// The bash manual page as plain text, as `MANWIDTH=80 man bash | col -bx` prints it.
    static func bashManual() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "MANWIDTH=80 man bash 2>/dev/null | col -bx"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `text`'s paragraphs grouped into chunks of about `size` characters.
    static func chunks(of text: String, size: Int = 700) -> [String] {
        var chunks: [String] = []
        var current = ""
        for paragraph in text.components(separatedBy: "\n\n") {
            let trimmed = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            if !current.isEmpty, current.count + trimmed.count > size {
                chunks.append(current)
                current = ""
            }
            current += current.isEmpty ? trimmed : "\n\n" + trimmed
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// Every license's chunks as retrieved chunks, with ids unique across licenses and pages
    /// counted as if each license were a paged document of 3 chunks a page.
    static func licenseChunks() throws -> [RetrievedChunk] {
        var result: [RetrievedChunk] = []
        for name in licenseNames {
            for (ordinal, text) in chunks(of: try license(name)).enumerated() {
                result.append(RetrievedChunk(
                    rank: result.count + 1, chunkID: Int64(result.count + 1), source: "licenses/\(name)",
                    page: ordinal / 3 + 1, score: 1, text: text))
            }
        }
        return result
    }

    /// `chunks` renumbered as a retriever's ranking, best first.
    static func ranked(_ chunks: [RetrievedChunk]) -> [RetrievedChunk] {
        chunks.enumerated().map { index, chunk in
            var chunk = chunk
            chunk.rank = index + 1
            chunk.score = 1 / Double(index + 1)
            return chunk
        }
    }
}
