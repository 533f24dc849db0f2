import Foundation
import Testing

@Test("generate streams a repeatable greedy continuation and reports tokens per second")
func generateIsRepeatable() throws {
    let arguments = ["generate", "--model", MicroLlama.path, "Hello", "--max-tokens", "8", "--temperature", "0"]
    let first = try RagflowProcess.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("tokens/s"))
    #expect(first.stderr.contains("generated"))
    let second = try RagflowProcess.run(arguments)
    #expect(second.stdout == first.stdout)
}

@Test("generate --chat renders a built-in template and honours the seed")
func generateChatWithTemplate() throws {
    let arguments = ["generate", "--model", MicroLlama.path, "Hi", "--chat", "--template", "llama3", "--max-tokens", "6",
                     "--temperature", "1.2", "--seed", "5"]
    let first = try RagflowProcess.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(try RagflowProcess.run(arguments).stdout == first.stdout)
    let bad = try RagflowProcess.run(["generate", "--model", MicroLlama.path, "Hi", "--chat", "--template", "/nonexistent.jinja"])
    #expect(bad.status != 0)
}
