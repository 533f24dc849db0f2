import Foundation
import LlamaEngine
import Testing

@Suite("GGUF writing")
struct GGUFWriterTests {
    @Test(
        "the writer produces byte for byte what gguf-py writes for the same content",
        arguments: [("gguf-py-default-alignment.gguf", 32), ("gguf-py-alignment-64.gguf", 64)])
    func matchesGGUFPy(fixture: String, alignment: Int) throws {
        let expected = try GGUFFixtures.bytes(fixture)
        let file = try GGUFFile(image: expected)
        let writer = try GGUFFixtures.writer(alignment: alignment, tensorsFrom: file)
        #expect(writer.image() == expected)
    }

    @Test("every value type, nested arrays and odd tensor sizes survive a round trip")
    func roundTrip() throws {
        var writer = GGUFWriter(alignment: 16)
        let values: [(String, GGUFValue)] = [
            ("general.architecture", .string("llama")),
            ("x.nested", .array(.array([.int8([1, -1]), .int8([]), .int8([5])]))),
            ("x.empty", .array(.string([]))),
            ("x.u64s", .array(.uint64([0, .max]))),
            ("x.f64s", .array(.float64([.pi, -0.0]))),
            ("x.u16s", .array(.uint16([1, 65535]))),
            ("x.u8s", .array(.uint8([0, 255]))),
            ("x.empty.string", .string("")),
        ]
        for (key, value) in values { writer.set(GGUFKey(key), value) }
        let odd = (0..<(3 * 18)).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        try writer.addTensor(name: "odd.q4_0", type: .q4_0, shape: [32, 3], bytes: odd)
        try writer.addTensor(name: "one.f16", type: .f16, shape: [1], bytes: [1, 2])
        try writer.addTensor(name: "empty.f32", type: .f32, shape: [0, 4], bytes: [])
        let image = writer.image()
        let file = try GGUFFile(image: image)
        #expect(file.alignment == 16)
        #expect(file.metadataKeys == ["general.alignment"] + values.map(\.0))
        for (key, value) in values { #expect(file.metadata[key] == value, "\(key)") }
        #expect(try [UInt8](file.requiredTensor("odd.q4_0").bytes) == odd)
        #expect(try [UInt8](file.requiredTensor("one.f16").bytes) == [1, 2])
        #expect(try file.requiredTensor("empty.f32").info.elementCount == 0)
        for info in file.tensorInfos { #expect(info.fileOffset % 16 == 0) }
    }

    @Test("files written to disk map and read back")
    func writesToDisk() throws {
        var writer = GGUFWriter()
        writer.set(.architecture, .string("bert"))
        try writer.addTensor(name: "w", type: .f32, shape: [2], bytes: [0, 0, 128, 63, 0, 0, 0, 64])
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ragflow-gguf-\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        try writer.write(to: url)
        let file = try GGUFFile(contentsOf: url)
        let floats = Array(try file.requiredTensor("w").bytes.bindMemory(to: Float.self))
        #expect(floats == [1, 2])
    }

    @Test("invalid tensors are rejected with the tensor named")
    func rejectsInvalidTensors() throws {
        var writer = GGUFWriter()
        let wrongSize = #expect(throws: LlamaEngineError.self) {
            try writer.addTensor(name: "t", type: .q8_0, shape: [32, 2], bytes: [0])
        }
        #expect(wrongSize?.tensor == "t")
        #expect(throws: LlamaEngineError.self) {
            try writer.addTensor(name: "u", type: .q8_0, shape: [33], bytes: [])
        }
        try writer.addTensor(name: "v", type: .i8, shape: [1], bytes: [7])
        #expect(throws: LlamaEngineError.self) {
            try writer.addTensor(name: "v", type: .i8, shape: [1], bytes: [7])
        }
    }
}
