import RAGFlow
import Testing

@Suite("FullTextQuery")
struct FullTextQueryTests {
    @Test("FTS5 match expressions quote every word")
    func everyWordIsQuoted() {
        #expect(FullTextQuery.match(for: #"grep "set -e" NEAR(x)"#) == #""grep" OR "set" OR "e" OR "NEAR" OR "x""#)
        #expect(FullTextQuery.match(for: "How do I make an archive?") == #""make" OR "archive""#)
        // A question of nothing but common words still searches for them.
        #expect(FullTextQuery.match(for: "What is it?") == #""What" OR "is" OR "it""#)
        #expect(FullTextQuery.match(for: "Tar tar TAR") == #""Tar""#)
        #expect(FullTextQuery.match(for: "café naïve") == #""café" OR "naïve""#)
        #expect(FullTextQuery.match(for: "?!") == nil)
    }
}
