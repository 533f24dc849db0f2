import Foundation
import LlamaEngine
import Testing

@Suite("safetensors reader")
struct SafetensorsFileTests {
    /// A file with an F32 [2, 3] tensor and an F16 [2] tensor, built byte by byte.
    static func sample() -> [UInt8] {
        let header = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"h":{"dtype":"F16","shape":[2],"data_offsets":[24,28]}}"#
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header.utf8)
        for v: Float in [1, 2, 3, 4, 5, -6.5] {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: [0x00, 0x3C, 0x00, 0xC0])  // f16 1.0, -2.0
        return bytes
    }

    static func write(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors")
        try Data(bytes).write(to: url)
        return url
    }

    @Test("reads F32 and F16 tensors with their shapes")
    func reads() throws {
        let url = try Self.write(Self.sample())
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.tensors.map(\.name) == ["a", "h"])
        #expect(file.info("a")?.shape == [2, 3])
        #expect(try file.floats("a") == [1, 2, 3, 4, 5, -6.5])
        #expect(try file.floats("h") == [1, -2])
    }

    @Test("a file cut anywhere fails cleanly", arguments: [0, 4, 8, 20, 100, 150])
    func truncated(length: Int) throws {
        let bytes = Self.sample()
        let url = try Self.write(Array(bytes.prefix(min(length, bytes.count - 1))))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: LlamaEngineError.self) {
            let file = try SafetensorsFile(contentsOf: url)
            _ = try file.floats("a")
            _ = try file.floats("h")
        }
    }
}
