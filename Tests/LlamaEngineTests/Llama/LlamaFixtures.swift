import Foundation
import LlamaEngine

/// Micro llama GGUFs and the logits of an independent float64 numpy forward
/// (Fixtures/make_llama_fixtures.py, checked against ../shared/reference/llama_ref.py).
enum LlamaFixtures {
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
        try logits(roundedActivations ? "\(name).q8.logits.f32" : "\(name).logits.f32")
    }

    /// `<name>.llama_cpp.logits.f32`: llama.cpp's logits (Fixtures/check_llama_cpp.py goldens).
    static func llamaCppLogits(_ name: String) throws -> [Float] {
        try logits("\(name).llama_cpp.logits.f32")
    }

    /// Little-endian float32 [positions][vocab].
    private static func logits(_ file: String) throws -> [Float] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}

/// Mean KL(reference ‖ ours) over positions, and the share of positions with the same top token.
func compareLogits(_ ours: [Float], _ reference: [Float], vocabulary: Int) -> (meanKL: Double, top1: Double) {
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
