import Foundation
import Testing

/// The eval questions whose expected source is one of `sources`.
private func evalQuestions(from sources: Set<String>) throws -> [(question: String, source: String)] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("eval/questions.jsonl"), encoding: .utf8)
    return try text.split(separator: "\n").compactMap { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        guard let question = object?["q"] as? String, let source = object?["source"] as? String, sources.contains(source) else {
            return nil
        }
        return (question, source)
    }
}

/// Renders the man page of `command` to a PDF with groff, as scripts/make-eval-corpus.sh does.
private func renderManPage(_ command: String, to url: URL) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["man", "-Tpdf", command]
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: url)
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    return process.terminationStatus == 0 && size > 1000
}

private let hasMan = FileManager.default.isExecutableFile(atPath: "/usr/bin/man")

@Suite("ragflow query answers")
struct QueryAnswerCommandTests {
    @Test("on real man pages, extractive answers cite the expected page with verbatim quotes", .enabled(if: hasMan))
    func manPagesExtractive() throws {
        let folder = try CommandFolder()
        let pages = ["tar", "find", "grep", "sed"]
        try FileManager.default.createDirectory(at: folder.url("corpus/man"), withIntermediateDirectories: true)
        for page in pages {
            try #require(try renderManPage(page, to: folder.url("corpus/man/\(page).pdf")), "man -Tpdf \(page) failed")
        }
        #expect(try folder.ragflow(["ingest", "corpus", "--store", "s", "--quiet"]).status == 0)
        let questions = try evalQuestions(from: Set(pages.map { "man/\($0).pdf" }))
        #expect(questions.count >= 10)
        var hits = 0
        for (question, source) in questions {
            let result = try folder.ragflow(["query", question, "--store", "s", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["generator"] as? String == "extractive")
            let answer = try #require(object["answer"] as? String)
            let retrieved = try #require(object["retrieved"] as? [[String: Any]])
            let citations = try #require(object["citations"] as? [[String: Any]])
            #expect(object["unsupported_sentences"] is [String])
            let cited = Set(citations.compactMap { $0["n"] as? Int })
            for number in Self.markers(in: answer) {
                #expect(cited.contains(number), "[\(number)] in \(answer) is not in citations")
            }
            for citation in citations {
                #expect(Set(citation.keys) == ["n", "source", "page", "chunk_id", "quote", "supported"])
                let number = try #require(citation["n"] as? Int)
                let chunk = retrieved[number - 1]
                #expect(citation["source"] as? String == chunk["source"] as? String)
                #expect(citation["chunk_id"] as? Int == chunk["chunk_id"] as? Int)
                if let quote = citation["quote"] as? String {
                    #expect((chunk["text"] as? String)?.contains(quote) == true, "quote not in its chunk: \(quote)")
                }
            }
            if citations.contains(where: { $0["source"] as? String == source }) { hits += 1 }
        }
        #expect(Double(hits) >= 0.8 * Double(questions.count), "expected source cited for \(hits) of \(questions.count)")
    }

    @Test("the text output prints the answer, then the sources with file and quote")
    func textOutput() throws {
        let folder = try CommandFolder()
        try FileManager.default.createDirectory(at: folder.url("docs"), withIntermediateDirectories: true)
        try Data("# Birds\n\nPenguins cannot fly but they swim very well.\n".utf8).write(to: folder.url("docs/birds.md"))
        #expect(try folder.ragflow(["ingest", "docs", "--store", "s", "--quiet"]).status == 0)
        let result = try folder.ragflow(["query", "Can penguins fly?", "--store", "s"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Answer (extractive):\n"))
        let answer = try #require(result.stdout.range(of: "Penguins cannot fly"))
        let sources = try #require(result.stdout.range(of: "Sources:\n  [1] birds.md: \"Penguins cannot fly"))
        #expect(answer.lowerBound < sources.lowerBound)
        let retrieveOnly = try folder.ragflow(["query", "Can penguins fly?", "--store", "s", "--retrieve-only"])
        #expect(retrieveOnly.stdout.hasPrefix("1. birds.md"))
    }

    @Test("a missing --generator-model falls back to the extractive generator and says so")
    func missingModel() throws {
        let folder = try CommandFolder()
        try FileManager.default.createDirectory(at: folder.url("docs"), withIntermediateDirectories: true)
        try Data("# Birds\n\nPenguins cannot fly but they swim very well.\n".utf8).write(to: folder.url("docs/birds.md"))
        #expect(try folder.ragflow(["ingest", "docs", "--store", "s", "--quiet"]).status == 0)
        let result = try folder.ragflow(["query", "Can penguins fly?", "--store", "s", "--generator-model", "none.gguf"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("none.gguf not found"))
        #expect(result.stdout.contains("Answer (extractive):"))
    }

    /// Every number in every `[n]` or `[n, m]` of `text`.
    static func markers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            let inside = rest[rest.index(after: open)..<close]
            let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if !parts.isEmpty, parts.allSatisfy({ Int($0) != nil }) { numbers += parts.compactMap { Int($0) } }
            rest = rest[rest.index(after: close)...]
        }
        return numbers
    }
}
