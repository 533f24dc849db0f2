import Foundation

/// One line of a question set: a question and where its answer is.
///
/// ```json
/// {"q": "how do I list a tarball without unpacking it", "source": "man/tar.pdf", "pages": [3]}
/// ```
/// Other fields are ignored.
public struct EvaluationQuestion: Sendable, Hashable, Codable {
    public var question: String
    /// Relative path of the document that answers it.
    public var source: String
    /// Pages of that document that answer it, when known.
    public var pages: [Int]?

    public init(question: String, source: String, pages: [Int]? = nil) {
        self.question = question
        self.source = source
        self.pages = pages
    }

    enum CodingKeys: String, CodingKey {
        case question = "q"
        case source
        case pages
    }

    /// Reads a JSON Lines question set. Blank lines are skipped; a bad line throws
    /// ``RAGFlowError`` naming the file and line.
    public static func load(contentsOf url: URL) throws -> [EvaluationQuestion] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RAGFlowError(.invalidArgument, "cannot read the question set: \(error.localizedDescription)", file: url.path)
        }
        var questions: [EvaluationQuestion] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                questions.append(try JSONDecoder().decode(EvaluationQuestion.self, from: Data(trimmed.utf8)))
            } catch {
                throw RAGFlowError(
                    .invalidArgument,
                    "line \(index + 1): expected {\"q\": question, \"source\": path, \"pages\": [numbers]} (\(Self.reason(error)))",
                    file: url.path)
            }
        }
        return questions
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context): return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}
