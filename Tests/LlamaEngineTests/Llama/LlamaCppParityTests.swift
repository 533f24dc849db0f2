import Foundation
import LlamaEngine
import Testing

/// llama.cpp's logits (llama-cpp-python, Fixtures/check_llama_cpp.py goldens) for the micro
/// GGUFs, with the bounds: float weights the same top-1 token at 99% of positions and
/// mean KL ≤ 1e-4; quantized weights mean KL ≤ 0.01.
@Test(
    "logits follow llama.cpp's on the micro models",
    arguments: [
        ("micro-F32", 1e-4), ("micro-F16", 1e-4), ("micro-scaled-F32", 1e-4), ("micro-Q8_0", 0.01),
        ("micro-Q4_0", 0.01), ("micro-Q4_K_M", 0.01),
    ])
func llamaLogitsFollowLlamaCpp(name: String, maximumKL: Double) throws {
    let model = try LlamaFixtures.model(name)
    let logits = try model.makeSession(contextLength: 128).evaluate(LlamaFixtures.tokens, allLogits: true)
    let (meanKL, top1) = compareLogits(logits, try LlamaFixtures.llamaCppLogits(name), vocabulary: model.configuration.vocabularySize)
    #expect(meanKL <= maximumKL, "\(name): mean KL \(meanKL)")
    #expect(top1 >= (maximumKL < 1e-3 ? 0.99 : 0.9), "\(name): top-1 agreement \(top1)")
}
