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

/// `cachePrecision = .f16` stores keys and values (and rounds queries) at llama.cpp's default
/// cache precision: the logits move but stay within the bounds of the f32 cache, and
/// come no further from llama.cpp's (whose cache is f16) than with the f32 cache.
@Test("an f16 KV cache keeps llama.cpp's bounds and moves toward its logits", arguments: ["micro-F32", "micro-Q8_0"])
func f16CacheFollowsLlamaCpp(name: String) throws {
    let model = try LlamaFixtures.model(name)
    let golden = try LlamaFixtures.llamaCppLogits(name)
    let vocabulary = model.configuration.vocabularySize
    let f32 = try model.makeSession(contextLength: 128).evaluate(LlamaFixtures.tokens, allLogits: true)
    let session = model.makeSession(contextLength: 128)
    session.cachePrecision = .f16
    let f16 = try session.evaluate(LlamaFixtures.tokens, allLogits: true)
    #expect(f16 != f32)
    let (shift, _) = compareLogits(f16, f32, vocabulary: vocabulary)
    // Quantized weights: the rounding moves q8 activation roundings after it, as any change does.
    #expect(shift <= (name.hasSuffix("F32") ? 1e-4 : 0.01), "\(name): KL between the two caches \(shift)")
    let (withF16, _) = compareLogits(f16, golden, vocabulary: vocabulary)
    let (withF32, _) = compareLogits(f32, golden, vocabulary: vocabulary)
    #expect(withF16 <= (name.hasSuffix("F32") ? 1e-4 : withF32 * 1.05), "\(name): KL \(withF16) with f16, \(withF32) with f32")
}
