import Foundation
import LlamaEngine
import Testing

/// Micro llama GGUFs and the logits of an independent float64 numpy forward
/// (Fixtures/make_llama_fixtures.py, checked against ../shared/reference/llama_ref.py).
private enum LlamaFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Goldens: Decodable { var tokens: [Int32] }

    static let tokens: [Int32] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("goldens.json"))
        return try! JSONDecoder().decode(Goldens.self, from: data).tokens
    }()

    static func model(_ name: String) throws -> LlamaModel {
        try LlamaModel(path: directory.appendingPathComponent("\(name).gguf").path)
    }

    /// `<name>.logits.f32`: float activations throughout; `<name>.q8.logits.f32`: activations
    /// rounded to q8_0 / q8_K before each quantized matrix, as llama.cpp rounds them.
    static func referenceLogits(_ name: String, roundedActivations: Bool = false) throws -> [Float] {
        let file = roundedActivations ? "\(name).q8.logits.f32" : "\(name).logits.f32"
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}

/// Mean KL(reference ‖ ours) over positions, and the share of positions with the same top token.
private func compare(_ ours: [Float], _ reference: [Float], vocabulary: Int) -> (meanKL: Double, top1: Double) {
    let positions = reference.count / vocabulary
    var kl = 0.0, same = 0
    for p in 0..<positions {
        let r = reference[(p * vocabulary)..<((p + 1) * vocabulary)].map(Double.init)
        let o = ours[(p * vocabulary)..<((p + 1) * vocabulary)].map(Double.init)
        func logSoftmax(_ x: [Double]) -> [Double] {
            let m = x.max()!
            let lse = m + log(x.reduce(0) { $0 + exp($1 - m) })
            return x.map { $0 - lse }
        }
        let lr = logSoftmax(r), lo = logSoftmax(o)
        kl += zip(lr, lo).reduce(0) { $0 + exp($1.0) * ($1.0 - $1.1) }
        if r.indices.max(by: { r[$0] < r[$1] }) == o.indices.max(by: { o[$0] < o[$1] }) { same += 1 }
    }
    return (kl / Double(positions), Double(same) / Double(positions))
}

@Test(
    "logits match an independent float64 forward",
    arguments: [
        ("micro-F32", 1e-6), ("micro-F16", 1e-6), ("micro-scaled-F32", 1e-6), ("micro-Q8_0", 0.01),
        ("micro-Q4_0", 0.01), ("micro-Q4_K_M", 0.01),
    ])
func llamaLogitsMatchReference(name: String, maximumKL: Double) throws {
    let model = try LlamaFixtures.model(name)
    let session = model.makeSession(contextLength: 128)
    let logits = try session.evaluate(LlamaFixtures.tokens, allLogits: true)
    let (meanKL, top1) = compare(logits, try LlamaFixtures.referenceLogits(name), vocabulary: model.configuration.vocabularySize)
    #expect(meanKL <= maximumKL, "\(name): mean KL \(meanKL)")
    #expect(top1 >= (maximumKL < 1e-3 ? 0.99 : 0.9), "\(name): top-1 agreement \(top1)")
}

/// The float reference leaves a gap of about 1e-3 for quantized weights, all of it from rounding
/// activations to 8 bits; with the reference rounding them as llama.cpp does (q8_0 for Q4_0 and
/// Q8_0, q8_K for Q4_K and Q6_K), the kernels must agree almost exactly. A wrong sub-block scale
/// or offset measures 1e-3 or more here; float rounding in earlier layers flips an occasional
/// activation's last bit, which costs about 2e-6.
@Test(
    "quantized kernels agree with a reference that rounds activations as llama.cpp does",
    arguments: ["micro-Q8_0", "micro-Q4_0", "micro-Q4_K_M"])
func quantizedLogitsMatchRoundedReference(name: String) throws {
    let model = try LlamaFixtures.model(name)
    let logits = try model.makeSession(contextLength: 128).evaluate(LlamaFixtures.tokens, allLogits: true)
    let reference = try LlamaFixtures.referenceLogits(name, roundedActivations: true)
    let (meanKL, top1) = compare(logits, reference, vocabulary: model.configuration.vocabularySize)
    #expect(meanKL <= 1e-5, "\(name): mean KL \(meanKL)")
    #expect(top1 >= 0.98, "\(name): top-1 agreement \(top1)")
}

@Test("a prompt processed in batches gives the same logits as token by token")
func batchedAndSequentialAgree() throws {
    let model = try LlamaFixtures.model("micro-F32")
    // Chunks of 17, 17 and 6: both attention paths, with and without earlier cache entries.
    let tokens = Array(LlamaFixtures.tokens.prefix(40))
    let batched = model.makeSession(contextLength: 64)
    batched.batchSize = 17
    let all = try batched.evaluate(tokens, allLogits: true)
    let sequential = model.makeSession(contextLength: 64)
    var stepwise: [Float] = []
    for token in tokens { stepwise += try sequential.evaluate([token]) }
    let (meanKL, top1) = compare(stepwise, all, vocabulary: model.configuration.vocabularySize)
    #expect(meanKL < 1e-9 && top1 == 1)
    #expect(batched.tokens == tokens)
}

@Test("the configuration and tokenizer come from the file")
func llamaReadsConfiguration() throws {
    let model = try LlamaFixtures.model("micro-scaled-F32")
    let c = model.configuration
    #expect(c.blockCount == 2 && c.headCount == 4 && c.headCountKV == 2 && c.groupSize == 2 && c.headDimension == 16)
    #expect(c.ropePositionScale == 0.5 && c.ropeBase == 500_000)
    #expect(model.tokenizer.encode("hi", addSpecialTokens: true) == [256, 104, 105])
    #expect(model.weightBytesPerToken > 0)
}

@Test("the context limit and out-of-vocabulary tokens are reported, not crashed on")
func llamaRejectsBadInput() throws {
    let model = try LlamaFixtures.model("micro-Q8_0")
    let session = model.makeSession(contextLength: 4)
    #expect(throws: LlamaEngineError.self) { try session.evaluate([1, 2, 3, 4, 5]) }
    #expect(throws: LlamaEngineError.self) { try session.evaluate([9999]) }
}
