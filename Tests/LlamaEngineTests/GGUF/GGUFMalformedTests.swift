import Foundation
import LlamaEngine
import Testing

/// Hand-assembled GGUF bytes, for files no writer would produce.
private struct RawGGUF {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += s.utf8 }
    mutating func header(version: UInt32 = 3, tensors: UInt64, keys: UInt64) {
        u32(0x4655_4747); u32(version); u64(tensors); u64(keys)
    }
    /// One tensor entry: name, dims, ne[], type, offset.
    mutating func tensor(_ name: String, _ ne: [UInt64], type: UInt32, offset: UInt64 = 0) {
        string(name); u32(UInt32(ne.count)); for n in ne { u64(n) }; u32(type); u64(offset)
    }
    mutating func padded(to alignment: Int = 32, data: Int = 0) -> [UInt8] {
        bytes += repeatElement(0, count: (alignment - bytes.count % alignment) % alignment)
        return bytes + repeatElement(0, count: data)
    }
}

private func parseError(_ bytes: [UInt8]) -> LlamaEngineError? {
    do {
        _ = try GGUFFile(image: bytes)
        return nil
    } catch let error as LlamaEngineError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

@Suite("GGUF malformed files")
struct GGUFMalformedTests {
    @Test("a file truncated at any byte fails cleanly until the last tensor's data is complete")
    func truncation() throws {
        let full = try GGUFFixtures.bytes("gguf-py-default-alignment.gguf")
        let file = try GGUFFile(image: full)
        let end = file.tensorInfos.map { $0.fileOffset + $0.byteCount }.max()!
        for length in 0..<full.count {
            let error = parseError(Array(full[..<length]))
            if length < end {
                #expect(error?.kind == .malformedFile, "length \(length)")
                #expect(error?.offset != nil, "length \(length)")
            } else {
                #expect(error == nil, "length \(length)")
            }
        }
    }

    @Test("flipping any bit of the header either parses or fails with an engine error")
    func bitFlips() throws {
        let full = try GGUFFixtures.bytes("gguf-py-default-alignment.gguf")
        let dataOffset = try GGUFFile(image: full).dataOffset
        var failures = 0
        for position in 0..<dataOffset {
            for bit in 0..<8 {
                var copy = full
                copy[position] ^= 1 << bit
                if parseError(copy) != nil { failures += 1 }
            }
        }
        #expect(failures > 100)
    }

    @Test("bad magic and unsupported versions are named")
    func magicAndVersion() {
        var raw = RawGGUF()
        raw.header(tensors: 0, keys: 0)
        var bad = raw.bytes
        bad[0] = UInt8(ascii: "X")
        #expect(parseError(bad)?.message.contains("magic") == true)
        for version: UInt32 in [1, 4, 0x0300_0000] {
            var v = RawGGUF()
            v.header(version: version, tensors: 0, keys: 0)
            let error = parseError(v.bytes)
            #expect(error?.kind == .unsupported && error?.offset == 4)
        }
        var v2 = RawGGUF()
        v2.header(version: 2, tensors: 0, keys: 0)
        #expect(parseError(v2.bytes) == nil)
    }

    @Test("absurd counts and lengths fail before any allocation")
    func absurdCounts() {
        var tensors = RawGGUF()
        tensors.header(tensors: .max, keys: 0)
        #expect(parseError(tensors.bytes)?.offset == 8)

        var keys = RawGGUF()
        keys.header(tensors: 0, keys: 1 << 60)
        #expect(parseError(keys.bytes)?.offset == 16)

        var string = RawGGUF()
        string.header(tensors: 0, keys: 1)
        string.string("k")
        string.u32(8)
        string.u64(.max)
        let stringError = parseError(string.bytes)
        #expect(stringError?.key == "k" && stringError?.offset == 24 + 9 + 4)

        var array = RawGGUF()
        array.header(tensors: 0, keys: 1)
        array.string("arr")
        array.u32(9)
        array.u32(8)
        array.u64(1 << 40)
        #expect(parseError(array.bytes)?.key == "arr")

        var badType = RawGGUF()
        badType.header(tensors: 0, keys: 1)
        badType.string("t")
        badType.u32(13)
        #expect(parseError(badType.bytes)?.message.contains("value type 13") == true)
    }

    @Test("tensors with absurd shapes, unknown types or data past the end are named")
    func badTensors() {
        func error(_ ne: [UInt64], type: UInt32 = 0, offset: UInt64 = 0, data: Int = 64)
            -> LlamaEngineError?
        {
            var raw = RawGGUF()
            raw.header(tensors: 1, keys: 0)
            raw.tensor("blk.0.w", ne, type: type, offset: offset)
            return parseError(raw.padded(data: data))
        }
        #expect(error([4, 4]) == nil)
        let overflow = error([1 << 32, 1 << 32, 1 << 32])
        #expect(overflow?.tensor == "blk.0.w" && overflow?.message.contains("absurd") == true)
        #expect(error([UInt64(Int64.max) + 1])?.tensor == "blk.0.w")
        #expect(error([1 << 62], type: 0)?.message.contains("absurd") == true)
        #expect(error([1, 1, 1, 1, 1])?.message.contains("dimension count") == true)
        #expect(error([])?.message.contains("dimension count") == true)
        let iq = error([256], type: 16)
        #expect(iq?.kind == .unsupported && iq?.message.contains("iq2_xxs") == true)
        #expect(error([256], type: 99)?.kind == .unsupported)
        #expect(error([33], type: 8)?.message.contains("block size") == true)
        let past = error([32], offset: 0, data: 64)
        #expect(past?.tensor == "blk.0.w" && past?.message.contains("past the end") == true)
        #expect(error([4], offset: 7)?.message.contains("multiple of 32") == true)
        #expect(error([4], offset: .max)?.kind == .malformedFile)
    }

    @Test("an alignment that is not a power of two is rejected")
    func badAlignment() {
        var raw = RawGGUF()
        raw.header(tensors: 0, keys: 1)
        raw.string("general.alignment")
        raw.u32(4)
        raw.u32(24)
        #expect(parseError(raw.bytes)?.key == "general.alignment")
    }
}
