import Foundation
import Testing
import RAGFlow

@Test("hit rates and MRR count the first result from the expected source")
func metricsBySource() {
    let questions = [
        EvaluationQuestion(question: "a", source: "x.pdf"),
        EvaluationQuestion(question: "b", source: "y.pdf"),
        EvaluationQuestion(question: "c", source: "z.pdf"),
    ]
    let r = { (s: String) in RetrievalMetrics.Result(source: s, pages: nil) }
    let results = [[r("x.pdf"), r("y.pdf")], [r("x.pdf"), r("x.pdf"), r("y.pdf")], [r("x.pdf")]]
    let metrics = RetrievalMetrics(questions: questions, results: results, k: 2)
    #expect(metrics.hitAt1 == 1.0 / 3)
    #expect(metrics.hitAtK == 1.0 / 3)  // y.pdf is third, beyond k = 2
    #expect(metrics.mrr == 1.0 / 3)
    #expect(metrics.pageHitAtK == nil)
}

@Test("page metrics count only questions that give pages")
func metricsByPage() {
    let questions = [
        EvaluationQuestion(question: "a", source: "x.pdf", pages: [4]),
        EvaluationQuestion(question: "b", source: "x.pdf"),
    ]
    let results = [
        [RetrievalMetrics.Result(source: "x.pdf", pages: 1...2), RetrievalMetrics.Result(source: "x.pdf", pages: 3...4)],
        [RetrievalMetrics.Result(source: "x.pdf", pages: 9...9)],
    ]
    let metrics = RetrievalMetrics(questions: questions, results: results, k: 5)
    #expect(metrics.pageQuestions == 1)
    #expect(metrics.pageHitAt1 == 0)
    #expect(metrics.pageHitAtK == 1)
    #expect(metrics.pageMRR == 0.5)
    #expect(metrics.hitAt1 == 1)
}

@Test("a question set with a bad line names the file and line")
func badQuestionLine() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("questions-\(UUID().uuidString).jsonl")
    try Data("{\"q\": \"fine\", \"source\": \"a.pdf\", \"extra\": 1}\n\n{\"q\": \"no source\"}\n".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
        _ = try EvaluationQuestion.load(contentsOf: url)
    } throws: { error in
        let text = String(describing: error)
        return text.contains("line 3") && text.contains("missing \"source\"") && text.contains(url.path)
    }
}

@Test("the committed question set parses and has at least 40 questions")
func committedQuestionSet() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../eval/questions.jsonl").standardized
    let questions = try EvaluationQuestion.load(contentsOf: url)
    #expect(questions.count >= 40)
    #expect(Set(questions.map(\.source)).count >= 20)
}
