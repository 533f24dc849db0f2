/// Hit rates and mean reciprocal rank of a retriever over a question set.
///
/// A question is a hit at k by source when one of the first k results comes from its source
/// document, and by page when one of them also touches one of its pages (questions without
/// pages do not count towards the page metrics).
public struct RetrievalMetrics: Sendable, Hashable, Codable {
    public var questions: Int
    public var k: Int
    public var hitAt1: Double
    public var hitAtK: Double
    public var mrr: Double
    /// Questions that give pages.
    public var pageQuestions: Int
    public var pageHitAt1: Double?
    public var pageHitAtK: Double?
    public var pageMRR: Double?

    enum CodingKeys: String, CodingKey {
        case questions, k
        case hitAt1 = "hit_at_1"
        case hitAtK = "hit_at_k"
        case mrr
        case pageQuestions = "page_questions"
        case pageHitAt1 = "page_hit_at_1"
        case pageHitAtK = "page_hit_at_k"
        case pageMRR = "page_mrr"
    }

    /// One retrieved result as the metrics see it.
    public struct Result: Sendable, Hashable {
        public var source: String
        public var pages: ClosedRange<Int>?

        public init(source: String, pages: ClosedRange<Int>?) {
            self.source = source
            self.pages = pages
        }
    }

    /// Scores `results[i]`, the ranked results for `questions[i]`, at `k`.
    public init(questions: [EvaluationQuestion], results: [[Result]], k: Int) {
        precondition(questions.count == results.count, "one result list per question")
        self.questions = questions.count
        self.k = k
        var hit1 = 0.0, hitK = 0.0, reciprocal = 0.0
        var pageCount = 0, pageHit1 = 0.0, pageHitK = 0.0, pageReciprocal = 0.0
        for (question, ranked) in zip(questions, results) {
            let top = ranked.prefix(k)
            if let rank = top.firstIndex(where: { $0.source == question.source }) {
                if rank == 0 { hit1 += 1 }
                hitK += 1
                reciprocal += 1 / Double(rank + 1)
            }
            guard let pages = question.pages, !pages.isEmpty else { continue }
            pageCount += 1
            let onPage = top.firstIndex { result in
                result.source == question.source && pages.contains { page in result.pages?.contains(page) ?? false }
            }
            if let rank = onPage {
                if rank == 0 { pageHit1 += 1 }
                pageHitK += 1
                pageReciprocal += 1 / Double(rank + 1)
            }
        }
        let n = Double(max(questions.count, 1))
        hitAt1 = hit1 / n
        hitAtK = hitK / n
        mrr = reciprocal / n
        pageQuestions = pageCount
        if pageCount > 0 {
            pageHitAt1 = pageHit1 / Double(pageCount)
            pageHitAtK = pageHitK / Double(pageCount)
            pageMRR = pageReciprocal / Double(pageCount)
        }
    }
}
