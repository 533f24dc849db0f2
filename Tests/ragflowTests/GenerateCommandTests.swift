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

@Test("generate --logit-bias steers the model to a token, and a malformed bias is refused")
func generateWithLogitBias() throws {
    // The micro model's vocabulary is bytes: token 120 is "x".
    let steered = try RagflowProcess.run(["generate", "--model", MicroLlama.path, "Say", "--max-tokens", "4",
                                          "--temperature", "0", "--logit-bias", "120+100"])
    #expect(steered.status == 0, "\(steered.stderr)")
    #expect(steered.stdout == "xxxx")
    let banned = try RagflowProcess.run(["generate", "--model", MicroLlama.path, "Say", "--max-tokens", "4",
                                         "--temperature", "0", "--logit-bias", "120+100", "--logit-bias", "120-inf"])
    #expect(banned.status == 0, "\(banned.stderr)")
    #expect(!banned.stdout.contains("x"))
    let malformed = try RagflowProcess.run(["generate", "--model", MicroLlama.path, "Say", "--logit-bias", "x+1"])
    #expect(malformed.status != 0)
    #expect(malformed.stderr.contains("TOKEN_ID+BIAS"))
    let beyond = try RagflowProcess.run(["generate", "--model", MicroLlama.path, "Say", "--logit-bias", "260+1"])
    #expect(beyond.status != 0)
    #expect(beyond.stderr.contains("beyond"))
}
