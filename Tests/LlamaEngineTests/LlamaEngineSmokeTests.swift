import Testing
import LlamaEngine

@Test("the LlamaEngine module links")
func LlamaEngineLinks() {
    #expect(Bool(true))
}
