import Foundation
import LlamaEngine
import Testing

@Suite("GGUF reading")
struct GGUFFileTests {
    @Test("a file written by gguf-py reads with every value type and tensor intact")
    func readsGGUFPyFile() throws {
        let file = try GGUFFile(contentsOf: GGUFFixtures.url("gguf-py-alignment-64.gguf"))
        #expect(file.version == 3)
        #expect(file.alignment == 64)
        #expect(file.dataOffset % 64 == 0)
        #expect(try file.string(.architecture) == "bert")
        for (key, value) in GGUFFixtures.metadata {
            #expect(file.metadata[key] == value, "\(key)")
        }
        #expect(try file.requiredInt(.contextLength("bert")) == 512)
        #expect(try file.float(.layerNormEpsilon("bert")) == 1e-12)
        #expect(try file.strings(GGUFKey("test.strings")) == ["a", "", "[UNK]", "▁the", "ü"])
        #expect(try file.ints(GGUFKey("test.i32s")) == [1, -2, 3])

        let names = file.tensorInfos.map(\.name)
        #expect(names == ["a.f32", "b.f16", "c.q8_0", "d.i32"])
        let a = try file.requiredTensor("a.f32")
        #expect(a.type == .f32)
        #expect(a.shape == [5, 3])
        #expect(a.bytes.count == 60)
        #expect(a.info.fileOffset % 64 == 0)
        let c = try file.requiredTensor("c.q8_0")
        #expect(c.type == .q8_0 && c.shape == [64, 2] && c.bytes.count == 4 * 34)
        let d = try file.requiredTensor("d.i32")
        #expect(d.shape == [3, 1, 2])
        #expect(Array(d.bytes.bindMemory(to: Int32.self)) == [-3, -2, -1, 0, 1, 2])
    }

    @Test("typed accessors name the key on a type mismatch and on a missing key")
    func accessorErrors() throws {
        let file = try GGUFFile(contentsOf: GGUFFixtures.url("gguf-py-default-alignment.gguf"))
        #expect(file.alignment == 32)
        let mismatch = #expect(throws: LlamaEngineError.self) { try file.string(GGUFKey("test.u8")) }
        #expect(mismatch?.kind == .mismatch && mismatch?.key == "test.u8")
        let missing = #expect(throws: LlamaEngineError.self) {
            try file.requiredInt(.blockCount("bert"))
        }
        #expect(missing?.kind == .missing && missing?.key == "bert.block_count")
        #expect(try file.int(.feedForwardLength("bert")) == nil)
        let noTensor = #expect(throws: LlamaEngineError.self) { try file.requiredTensor("nope") }
        #expect(noTensor?.tensor == "nope")
    }

    @Test("a missing file fails with an I/O error naming the path")
    func missingFile() {
        let error = #expect(throws: LlamaEngineError.self) {
            try GGUFFile(path: "/nonexistent/model.gguf")
        }
        #expect(error?.kind == .io && error?.path == "/nonexistent/model.gguf")
    }
}
