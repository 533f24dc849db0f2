import Foundation
import RAGFlow
import Testing

/// BM25 from the store's statistics (rows per term, tokens per chunk) against FTS5's own
/// bm25(), which walks the index for the same numbers: the oracle.
@Suite("SearchStatistics")
struct SearchStatisticsTests {
    let corpus: TemporaryCorpus

    init() throws { corpus = try TemporaryCorpus() }

    /// Words with a skewed frequency (the first ones common), plus stems and accents.
    static let vocabulary = [
        "the", "archive", "archives", "archiving", "file", "files", "compress", "gzip", "tar", "extract", "directory",
        "branch", "commit", "rebase", "merge", "remote", "pattern", "grep", "regular", "expression", "café", "naïve",
        "shell", "variable", "export", "pipe", "redirect", "signal", "process", "thread",
    ]

    /// Paragraphs of seeded random words: short ones, ones over 127 and 16,383 tokens (one-,
    /// two- and three-byte sizes in the index), and repeated words.
    func writeCorpus(seed: UInt64, files: Int) throws {
        var random = SeededGenerator(seed: seed)
        for file in 0..<files {
            var paragraphs: [String] = []
            for _ in 0..<(1 + Int.random(in: 0..<3, using: &random)) {
                let length = [3, 40, 200, 900][Int.random(in: 0..<4, using: &random)] + Int.random(in: 0..<30, using: &random)
                paragraphs.append(
                    (0..<length).map { _ in Self.vocabulary[min(Int.random(in: 0..<Self.vocabulary.count, using: &random), Int.random(in: 0..<Self.vocabulary.count, using: &random))] }
                        .joined(separator: " "))
            }
            try corpus.write("f\(file).txt", paragraphs.joined(separator: "\n\n"))
        }
        try corpus.write("long.txt", (0..<17_000).map { Self.vocabulary[$0 % 7 + 3] }.joined(separator: " "))
    }

    static let questions = [
        "compress archives with gzip", "how do I rebase a branch onto a remote", "the", "café naïve",
        "extract files from a tar archive into a directory", "grep regular expression pattern", "unknownword",
        "signal the process thread", "export a shell variable and pipe it", "merge commit", "archiving the files",
    ]

    /// Expects the statistics' ranking to equal bm25()'s for every question, budgets included.
    func expectSameRanking(_ store: Store) throws {
        for question in Self.questions {
            for budget in [2000, 40, 1] {
                let fast = try store.bm25Candidates(question, limit: 60, rowBudget: budget)
                let reference = try store.bm25Candidates(question, limit: 60, usingStatistics: false, rowBudget: budget)
                #expect(fast.map(\.id) == reference.map(\.id), "\(question), budget \(budget)")
                for (a, b) in zip(fast, reference) {
                    #expect(abs(a.score - b.score) <= 1e-12 * max(1, abs(b.score)), "\(question), budget \(budget)")
                }
            }
        }
    }

    @Test("scores from the statistics are bm25()'s, with rare and common words split or not")
    func sameScoresAsBM25() throws {
        try writeCorpus(seed: 7, files: 40)
        let store = try Store(directory: corpus.store)
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
        #expect(try store.searchStatisticsAreCurrent())
        try expectSameRanking(store)
        #expect(try store.bm25Candidates("compress archives with gzip", limit: 5).count == 5)
    }

    @Test("a store changed since the last completed run ranks with bm25(); the run's end rebuilds the statistics")
    func staleUntilRunCompletes() throws {
        try writeCorpus(seed: 11, files: 20)
        let store = try Store(directory: corpus.store)
        _ = try Synchronizer(store: store, processor: PlainTextProcessor()).ingest([corpus.root])
        try writeCorpus(seed: 12, files: 12)  // rewrites f0-f11 and long.txt
        try corpus.remove("f15.txt")
        try corpus.write("new.md", "A rebase moves commits.\n\nThe remote branch is merged with gzip.")
        // In the middle of the next run (f15.txt is already gone from the store), the
        // statistics are stale and must not be used: both rankings are bm25()'s.
        let midRun = LockedBox<(current: Bool, same: Bool)?>(nil)
        let processor = PlainTextProcessor { file in
            guard file.relativePath == "new.md" else { return }
            let current = (try? store.searchStatisticsAreCurrent()) ?? true
            // Files are committed while this runs: a question counts only when bm25() gave the
            // same ranking before and after the statistics' one.
            let same = Self.questions.allSatisfy { question in
                func rank(_ usingStatistics: Bool) -> [Double] {
                    let hits = (try? store.bm25Candidates(question, limit: 60, usingStatistics: usingStatistics, rowBudget: 40)) ?? []
                    return hits.flatMap { [Double($0.id), $0.score] }
                }
                let before = rank(false), fast = rank(true), after = rank(false)
                return before != after || fast == before
            }
            midRun.set((current, same))
        }
        _ = try Synchronizer(store: store, processor: processor).ingest([corpus.root])
        #expect(midRun.get()?.current == false)
        #expect(midRun.get()?.same == true)
        #expect(try store.searchStatisticsAreCurrent())
        try expectSameRanking(store)
        #expect(try store.bm25Candidates("rebase moves commits", limit: 3).count >= 1)
    }
}

/// A value set on one thread and read on another.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
