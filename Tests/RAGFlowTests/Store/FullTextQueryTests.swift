import RAGFlow
import Testing

@Suite("FullTextQuery")
struct FullTextQueryTests {
    @Test("FTS5 match expressions quote every word")
    func everyWordIsQuoted() {
        #expect(FullTextQuery.match(for: #"what does "set -e" do?"#) == #""what" OR "does" OR "set" OR "e" OR "do""#)
        #expect(FullTextQuery.match(for: "Tar tar TAR") == #""Tar""#)
        #expect(FullTextQuery.match(for: "café naïve") == #""café" OR "naïve""#)
        #expect(FullTextQuery.match(for: "?!") == nil)
    }
}
