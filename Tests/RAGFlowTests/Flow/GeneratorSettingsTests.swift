import Foundation
import RAGFlow
import Testing

@Suite("Generator settings")
struct GeneratorSettingsTests {
    static let promptBuilder = #"{"stage": "prompt_builder", "kind": "template"}"#

    @Test("a llama generator takes penalties and a logit bias keyed by token id")
    func llamaSamplingSettings() throws {
        let json = #"""
            {"stage": "generator", "kind": "llama", "model": "m.gguf", "repeat_penalty": 1.1, "repeat_last_n": -1,
             "presence_penalty": 0.5, "frequency_penalty": 0.25, "logit_bias": {"15043": 1.5, "2": -100}}
            """#
        let spec = try #require(PipelineFixtures.validate(PipelineFixtures.minimal(extra: [Self.promptBuilder, json])).spec)
        guard case .llama(let settings) = spec.generator else { Issue.record("not a llama generator"); return }
        #expect(settings == LlamaGeneratorSettings(
            model: "m.gguf", repeatPenalty: 1.1, repeatLastN: -1, presencePenalty: 0.5, frequencyPenalty: 0.25,
            logitBias: [15043: 1.5, 2: -100]))
        // Encoded back, the bias is an object keyed by token id again.
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any])
        #expect(encoded["logit_bias"] as? [String: Double] == ["15043": 1.5, "2": -100])
    }

    @Test("a logit bias key that is no token id, or a bias that is no number, is reported at its path")
    func badLogitBias() throws {
        let keys = #"{"stage": "generator", "kind": "llama", "model": "m.gguf", "logit_bias": {"hello": 1, "-3": 1, "7": 2}}"#
        let badKeys = PipelineFixtures.validate(PipelineFixtures.minimal(extra: [Self.promptBuilder, keys]))
        #expect(badKeys.spec == nil)
        #expect(Set(badKeys.errors.map(\.path)) == ["stages[3].logit_bias.hello", #"stages[3].logit_bias["-3"]"#])
        #expect(badKeys.errors.allSatisfy { $0.message.contains("token id") })
        let value = #"{"stage": "generator", "kind": "llama", "model": "m.gguf", "logit_bias": {"7": "up"}}"#
        let badValue = PipelineFixtures.validate(PipelineFixtures.minimal(extra: [Self.promptBuilder, value]))
        #expect(badValue.errors.map(\.path) == ["stages[3].logit_bias.7"])
    }

    @Test("a logit bias naming a token beyond the model's vocabulary stops the generator from loading")
    func logitBiasBeyondVocabulary() throws {
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../LlamaEngineTests/Llama/Fixtures/micro-Q8_0.gguf").standardized
        let settings = LlamaGeneratorSettings(model: model.path, logitBias: [260: 1])
        #expect(throws: RAGFlowError.self) { try AnswerWriter(generator: .llama(settings), promptBuilder: nil) }
        #expect(try AnswerWriter(generator: .llama(LlamaGeneratorSettings(model: model.path, logitBias: [259: 1])), promptBuilder: nil).fallbackReason == nil)
    }
}
