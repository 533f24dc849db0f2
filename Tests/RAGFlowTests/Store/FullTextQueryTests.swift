import RAGFlow
import Testing

@Suite("FullTextQuery")
struct FullTextQueryTests {
    @Test("every word of a question becomes a quoted FTS5 string")
    func everyWordIsQuoted() {
        #expect(FullTextQuery.terms(for: #"grep "set -e" NEAR(x)"#) == [#""grep""#, #""set""#, #""e""#, #""NEAR""#, #""x""#])
        #expect(FullTextQuery.terms(for: "How do I make an archive?") == [#""make""#, #""archive""#])
        // A question of nothing but common words still searches for them.
        #expect(FullTextQuery.terms(for: "What is it?") == [#""What""#, #""is""#, #""it""#])
        #expect(FullTextQuery.terms(for: "Tar tar TAR") == [#""Tar""#])
        #expect(FullTextQuery.terms(for: "café naïve") == [#""café""#, #""naïve""#])
        #expect(FullTextQuery.terms(for: "?!").isEmpty)
    }

    @Test("the rarest words up to the row budget must match; the others only add to the score")
    func commonTermsSplit() {
        let list = #""list""#, files = #""files""#, tarball = #""tarball""#
        #expect(FullTextQuery.match(terms: [list, tarball], documentCounts: [9000, 12], budget: 2000)?.expression
            == #""tarball" OR ("list") AND ("tarball")"#)
        // Rare words are taken rarest first while their rows add up to the budget.
        #expect(FullTextQuery.match(terms: [list, files, tarball], documentCounts: [1500, 400, 300], budget: 2000)?.expression
            == #""files" OR "tarball" OR ("list") AND ("files" OR "tarball")"#)
        // Every word within the budget: plain OR.
        #expect(FullTextQuery.match(terms: [list, tarball], documentCounts: [700, 12], budget: 2000)?.expression
            == #""list" OR "tarball""#)
        // The rarest word is required even when it alone is over the budget.
        #expect(FullTextQuery.match(terms: [list, files], documentCounts: [2001, 2001], budget: 2000)?.expression
            == #""list" OR ("files") AND ("list")"#)
        #expect(FullTextQuery.match(terms: [], documentCounts: [], budget: 2000) == nil)
        // Phrases are numbered left to right: the rare terms, the common ones, the rare ones again.
        #expect(FullTextQuery.match(terms: [list, files, tarball], documentCounts: [1500, 400, 300], budget: 2000)?.phrases
            == [1, 2, 0, 1, 2])
        #expect(FullTextQuery.match(terms: [list, tarball], documentCounts: [700, 12], budget: 2000)?.phrases == [0, 1])
    }
}
