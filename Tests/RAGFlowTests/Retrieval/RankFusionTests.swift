import Testing
import RAGFlow

@Test("reciprocal rank fusion puts an id high in both lists first")
func reciprocalRankFavoursAgreement() {
    let fused = RankFusion.reciprocalRank([[3, 1, 2], [1, 4, 3]])
    #expect(fused.map(\.id) == [1, 3, 4, 2])
    #expect(abs(fused[0].score - (1.0 / 62 + 1.0 / 61)) < 1e-12)
}

@Test("reciprocal rank fusion of one list keeps its order")
func reciprocalRankOfOneList() {
    #expect(RankFusion.reciprocalRank([[5, 9, 7]]).map(\.id) == [5, 9, 7])
    #expect(RankFusion.reciprocalRank([[Int]]()).isEmpty)
}

@Test("a weighted sum scales each list before adding")
func weightedSumScales() {
    let bm25: [(id: String, score: Double)] = [("a", 20), ("b", 10), ("c", 0)]
    let vector: [(id: String, score: Double)] = [("c", 0.9), ("b", 0.8), ("d", 0.1)]
    let fused = RankFusion.weightedSum([bm25, vector], weights: [0.5, 0.5])
    #expect(fused.first?.id == "b")
    #expect(Set(fused.map(\.id)) == ["a", "b", "c", "d"])
}

@Test("MMR with lambda 1 ranks by relevance and with a low lambda skips near duplicates")
func mmrDiversifies() {
    let vectors: [[Float]] = [[1, 0], [0.999, 0.0447], [0, 1]]
    let relevance: [Float] = [0.9, 0.89, 0.5]
    #expect(MaximalMarginalRelevance.select(relevance: relevance, vectors: vectors, lambda: 1, count: 3) == [0, 1, 2])
    #expect(MaximalMarginalRelevance.select(relevance: relevance, vectors: vectors, lambda: 0.5, count: 2) == [0, 2])
}

@Test("path globs match within and across folders")
func pathGlobs() {
    #expect(PathGlob("man/*.pdf").matches("man/tar.pdf"))
    #expect(!PathGlob("man/*.pdf").matches("man/sub/tar.pdf"))
    #expect(PathGlob("**/*.html").matches("python/library/json.html"))
    #expect(PathGlob("**/*.html").matches("index.html"))
    #expect(PathGlob("python/**/json.html").matches("python/library/json.html"))
    #expect(PathGlob("python/**/json.html").matches("python/json.html"))
    #expect(PathGlob("notes-??.md").matches("notes-01.md"))
    #expect(!PathGlob("notes-??.md").matches("notes-1.md"))
    #expect(PathGlob("[a-c]*.txt").matches("beta.txt"))
    #expect(!PathGlob("[!a-c]*.txt").matches("beta.txt"))
    #expect(PathGlob("*").matches("file") && !PathGlob("*").matches("dir/file"))
}
