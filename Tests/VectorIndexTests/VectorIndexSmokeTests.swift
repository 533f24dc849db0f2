import Testing
import VectorIndex

@Test("the VectorIndex module links")
func VectorIndexLinks() {
    #expect(Bool(true))
}
