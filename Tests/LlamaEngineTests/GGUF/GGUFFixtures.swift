import Foundation
import LlamaEngine

/// Locates fixtures committed beside the tests and rebuilds their content with `GGUFWriter`.
enum GGUFFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    /// The content `make_gguf_fixtures.py` writes, in the same order, with the tensor bytes
    /// taken from the python-written file (the test compares layout, not the random numbers).
    static func writer(alignment: Int, tensorsFrom file: GGUFFile) throws -> GGUFWriter {
        var w = GGUFWriter(alignment: alignment)
        w.set(.architecture, .string("bert"))
        if alignment != 32 { w.set(.alignment, .uint32(UInt32(alignment))) }
        for (key, value) in metadata {
            w.set(GGUFKey(key), value)
        }
        for info in file.tensorInfos {
            let tensor = try file.requiredTensor(info.name)
            try w.addTensor(
                name: info.name, type: info.type, shape: info.shape, bytes: [UInt8](tensor.bytes))
        }
        return w
    }

    static let metadata: [(String, GGUFValue)] = [
        ("test.u8", .uint8(200)),
        ("test.i8", .int8(-100)),
        ("test.u16", .uint16(60000)),
        ("test.i16", .int16(-30000)),
        ("test.u32", .uint32(4_000_000_000)),
        ("test.i32", .int32(-2_000_000_000)),
        ("test.u64", .uint64(1 << 63 + 5)),
        ("test.i64", .int64(-(1 << 62))),
        ("test.f32", .float32(0.1)),
        ("test.f64", .float64(-2.5e-300)),
        ("test.bool", .bool(true)),
        ("test.string", .string("héllo 世界 🙂")),
        ("test.strings", .array(.string(["a", "", "[UNK]", "▁the", "ü"]))),
        ("test.i32s", .array(.int32([1, -2, 3]))),
        ("test.f32s", .array(.float32([0.5, -1.25, 3e38]))),
        ("test.bools", .array(.bool([true, false, true]))),
        ("bert.context_length", .uint32(512)),
        ("bert.attention.layer_norm_epsilon", .float32(1e-12)),
    ]
}
