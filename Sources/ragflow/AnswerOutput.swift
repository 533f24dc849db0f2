import ArgumentParser
import Foundation
import RAGFlow

/// The answer half of `ragflow query`: which pipeline's generator answers, and how the answer
/// and its sources are printed. `Query` calls it after retrieval.
struct AnswerOptions: ParsableArguments {
    @Option(help: "The pipeline whose retriever, prompt_builder and generator answer (default: the one that built the store).")
    var pipeline: String?

    @Option(name: .customLong("generator-model"), help: "A LLaMA GGUF model that answers instead of the pipeline's generator.")
    var generatorModel: String?

    /// The pipeline named by `--pipeline`, else the one that built the store, on `store`.
    func pipeline(store: Store) throws -> Pipeline {
        try pipeline.map { try Pipeline(contentsOf: URL(fileURLWithPath: $0), store: store) } ?? Pipeline(recordedIn: store)
    }
}

/// Prints an ``Answer`` for a terminal or adds it to the `--json` object.
enum AnswerOutput {
    /// Answers and prints: the answer as it streams, then the cited sources and what is unsupported.
    static func printAnswer(question: String, hits: [RetrievedChunk], writer: AnswerWriter) async throws {
        if let reason = writer.fallbackReason { Console.error("note: \(reason)") }
        Console.out("Answer (\(writer.generatorName)):")
        let answer = try await writer.answer(question: question, sources: hits) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        Console.out("")
        for line in lines(answer) { Console.out(line) }
    }

    /// What follows the streamed answer: the sources list and the unsupported sentences.
    static func lines(_ answer: Answer) -> [String] {
        var lines: [String] = [""]
        if answer.citations.isEmpty {
            lines.append("No sources cited.")
        } else {
            lines.append("Sources:")
            lines += answer.sourceListing.map { "  " + $0 }
        }
        if !answer.unsupportedSentences.isEmpty {
            lines.append("")
            lines.append("Unsupported (no cited source says this):")
            lines += answer.unsupportedSentences.map { "  ! " + $0 }
        }
        return lines
    }

    /// `object` (the `{"question","retrieved"}` object) with `"answer"`, `"generator"`,
    /// `"citations"` and `"unsupported_sentences"` appended.
    static func json(_ answer: Answer, adding object: JSONText.Value) -> JSONText.Value {
        guard case .object(var fields) = object else { return object }
        fields.append(("answer", .string(answer.text)))
        fields.append(("generator", .string(answer.generator)))
        fields.append(("citations", .array(answer.citations.map(citation))))
        fields.append(("unsupported_sentences", .array(answer.unsupportedSentences.map { .string($0) })))
        return .object(fields)
    }

    private static func citation(_ citation: Citation) -> JSONText.Value {
        .object([
            ("n", .int(citation.n)),
            ("source", citation.source.map { .string($0) } ?? .null),
            ("page", citation.page.map { .int($0) } ?? .null),
            ("chunk_id", citation.chunkID.map { .int(Int($0)) } ?? .null),
            ("quote", citation.quote.map { .string($0) } ?? .null),
            ("supported", .bool(citation.supported)),
        ])
    }
}
