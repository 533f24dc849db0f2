import Foundation
import LlamaEngine
import Testing

private func microModel() throws -> LlamaModel {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/micro-Q8_0.gguf")
    return try LlamaModel(path: url.path)
}

@Test("greedy generation streams the argmax of each step's logits")
func greedyGenerationFollowsLogits() async throws {
    let model = try microModel()
    let prompt = model.tokenizer.encode("The quick", addSpecialTokens: true)
    var streamed: [Int32] = []
    var text = ""
    let options = GenerationOptions(maxTokens: 12, sampling: .greedy, stopAtEndOfGeneration: false)
    for try await chunk in model.makeSession(contextLength: 64).generate(prompt: prompt, options: options) {
        if let token = chunk.token { streamed.append(token) }
        text += chunk.text
    }
    // Oracle: the same steps by hand.
    let session = model.makeSession(contextLength: 64)
    var logits = try session.evaluate(prompt)
    var expected: [Int32] = []
    for _ in 0..<12 {
        let token = Int32(logits.indices.max { logits[$0] < logits[$1] }!)
        expected.append(token)
        logits = try session.evaluate([token])
    }
    #expect(streamed == expected)
    #expect(text == model.tokenizer.decode(expected))
}

@Test("seeded sampling repeats; a stop string ends the text before it")
func seededGenerationRepeatsAndStops() async throws {
    let model = try microModel()
    let prompt = model.tokenizer.encode("Grüße", addSpecialTokens: true)
    func run(_ options: GenerationOptions) async throws -> String {
        var text = ""
        for try await chunk in model.makeSession(contextLength: 64).generate(prompt: prompt, options: options) { text += chunk.text }
        return text
    }
    let sampling = SamplingParameters(temperature: 1.5, topK: 0, topP: 1, minP: 0, seed: 9)
    let first = try await run(GenerationOptions(maxTokens: 24, sampling: sampling, stopAtEndOfGeneration: false))
    #expect(try await run(GenerationOptions(maxTokens: 24, sampling: sampling, stopAtEndOfGeneration: false)) == first)
    let stop = String(first.dropFirst(3).prefix(2))
    let stopped = try await run(GenerationOptions(maxTokens: 24, sampling: sampling, stopStrings: [stop], stopAtEndOfGeneration: false))
    #expect(!stopped.contains(stop))
    #expect(first.hasPrefix(stopped))
}
