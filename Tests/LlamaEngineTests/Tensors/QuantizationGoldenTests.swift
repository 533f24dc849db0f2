import Foundation
import LlamaEngine
import Testing

/// Goldens written by gguf-py (`Fixtures/make_quant_goldens.py`).
private let goldens: GGUFFile? = try? GGUFFile(
    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/quant-goldens.gguf"))

private func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

@Suite("Quantisation against gguf-py")
struct QuantizationGoldenTests {
    @Test(
        "dequantisation equals gguf-py's bit for bit",
        arguments: [
            GGMLType.f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K,
            .q6_K,
        ])
    func dequantizeMatches(type: GGMLType) throws {
        let file = try #require(goldens)
        let name = type.description.lowercased()
        let quantized = try file.requiredTensor("\(name).quantized")
        let expected = try file.requiredTensor("\(name).dequantized").floats()
        #expect(quantized.type == type)
        #expect(bits(try quantized.floats()) == bits(expected))
    }

    @Test(
        "quantisation equals gguf-py's byte for byte",
        arguments: [GGMLType.f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0])
    func quantizeMatches(type: GGMLType) throws {
        let file = try #require(goldens)
        let name = type.description.lowercased()
        let input = try file.requiredTensor("\(name).input").floats()
        let expected = [UInt8](try file.requiredTensor("\(name).quantized").bytes)
        let ours = try type.quantize(input)
        #expect(ours.count == expected.count)
        let firstDifference = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "first difference at byte \(firstDifference?.offset ?? -1)")
    }

    @Test("a single row dequantises like the same row of the whole tensor")
    func rowLookup() throws {
        let file = try #require(goldens)
        let tensor = try file.requiredTensor("q4_k.quantized")
        let all = try tensor.floats()
        var row = [Float](repeating: 0, count: tensor.info.rowLength)
        try row.withUnsafeMutableBufferPointer { try tensor.dequantizeRow(2, into: $0) }
        #expect(row == Array(all[2 * 512..<3 * 512]))
        #expect(throws: LlamaEngineError.self) {
            try row.withUnsafeMutableBufferPointer { try tensor.dequantizeRow(4, into: $0) }
        }
    }
}
