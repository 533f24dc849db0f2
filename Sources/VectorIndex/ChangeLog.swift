#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One change as the log stores it.
enum Change {
    case upsert(id: UInt64, vector: [Float])
    case remove(id: UInt64)
}

/// The append-only change log beside a snapshot: a 32-byte header naming the snapshot
/// generation it follows, then records `[length u32][kind u8][pad 3][id u64][payload][checksum
/// u64]`. A record counts once all its bytes are in the file; replay stops at the first
/// incomplete record at the tail (a torn append), and a damaged record with more data after it
/// is reported as corruption.
enum ChangeLog {
    static let magic: [UInt8] = Array("RFVIXLOG".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32
    static let recordOverhead = 24
    static let kindUpsert: UInt8 = 1
    static let kindRemove: UInt8 = 2

    /// Writes an empty log for `generation` to `path` through a temporary file and a rename.
    static func create(at path: String, dimension: Int, generation: UInt64, directory: String) throws {
        var header = [UInt8](repeating: 0, count: headerSize)
        header.withUnsafeMutableBytes { h in
            let p = h.baseAddress!
            for (i, b) in magic.enumerated() { p.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
            p.storeLE(version, at: 8)
            p.storeLE(UInt32(dimension), at: 12)
            p.storeLE(generation, at: 16)
            p.storeLE(Kernels.checksum(p, 24), at: 24)
        }
        let temporary = path + ".tmp"
        let file = try SystemFile(path: temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        try header.withUnsafeBytes { try file.write($0.baseAddress!, count: headerSize, at: 0) }
        try file.sync()
        try SystemFile.rename(temporary, path)
        try SystemFile.syncDirectory(directory)
    }

    /// Encodes changes as consecutive records, ready for one append.
    static func encode(_ changes: [Change], dimension: Int) -> [UInt8] {
        var total = 0
        for c in changes {
            if case .upsert = c { total += recordOverhead + 4 * dimension } else { total += recordOverhead }
        }
        var bytes = [UInt8](repeating: 0, count: total)
        bytes.withUnsafeMutableBytes { buffer in
            var at = 0
            for c in changes {
                let p = buffer.baseAddress! + at
                switch c {
                case .upsert(let id, let vector):
                    p.storeLE(UInt32(4 * dimension), at: 0)
                    p.storeLE(kindUpsert, at: 4)
                    p.storeLE(id, at: 8)
                    vector.withUnsafeBytes { (p + 16).copyMemory(from: $0.baseAddress!, byteCount: 4 * dimension) }
                case .remove(let id):
                    p.storeLE(UInt32(0), at: 0)
                    p.storeLE(kindRemove, at: 4)
                    p.storeLE(id, at: 8)
                }
                let length = 16 + Int(UnsafeRawPointer(p).loadLE(at: 0, as: UInt32.self))
                p.storeLE(Kernels.checksum(p, length), at: length)
                at += length + 8
            }
        }
        return bytes
    }

    struct Replay {
        /// Snapshot generation named by the log header.
        var generation: UInt64
        var changes: [Change]
        /// Bytes of complete records plus the header: where the next append belongs.
        var validLength: Int
        /// True when bytes past `validLength` were a torn tail.
        var tornTail: Bool
    }

    /// Reads the complete records of the log at `path` from byte `from` (the header is always
    /// checked).
    static func read(_ path: String, dimension: Int, from start: Int = headerSize) throws -> Replay {
        let file = try SystemFile(path: path, flags: O_RDONLY)
        let bytes = try file.readAll(from: 0)
        func fail(_ kind: VectorIndexError.Kind, _ section: String, _ offset: Int, _ message: String) -> VectorIndexError {
            VectorIndexError(kind, message, file: path, section: section, offset: offset)
        }
        return try bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            guard bytes.count >= headerSize else {
                throw fail(.truncated, "log header", bytes.count, "log has \(bytes.count) bytes, its header needs \(headerSize)")
            }
            guard Array(bytes[0..<8]) == magic else { throw fail(.corrupt, "log header", 0, "not a change log (bad magic)") }
            guard Kernels.checksum(base, 24) == base.loadLE(at: 24, as: UInt64.self) else {
                throw fail(.corrupt, "log header", 24, "log header checksum mismatch")
            }
            let v: UInt32 = base.loadLE(at: 8)
            guard v == version else { throw fail(.corrupt, "log header", 8, "unsupported log version \(v)") }
            guard Int(base.loadLE(at: 12, as: UInt32.self)) == dimension else {
                throw fail(.corrupt, "log header", 12, "log dimension differs from the snapshot's")
            }
            var replay = Replay(generation: base.loadLE(at: 16), changes: [], validLength: start, tornTail: false)
            var at = start
            var record = 0
            let upsertLength = 4 * dimension
            while at < bytes.count {
                let remaining = bytes.count - at
                guard remaining >= recordOverhead else {
                    replay.tornTail = true
                    break
                }
                let length = Int(base.loadLE(at: at, as: UInt32.self))
                let kind: UInt8 = base.loadLE(at: at + 4)
                let validHeader = (kind == kindUpsert && length == upsertLength) || (kind == kindRemove && length == 0)
                guard validHeader else {
                    if UnsafeRawBufferPointer(rebasing: buffer[at...]).allSatisfy({ $0 == 0 }) || remaining < recordOverhead + upsertLength {
                        replay.tornTail = true
                        break
                    }
                    throw fail(.corrupt, "log record \(record)", at, "record header is damaged (kind \(kind), length \(length))")
                }
                let end = at + 16 + length + 8
                if end > bytes.count {
                    replay.tornTail = true
                    break
                }
                guard Kernels.checksum(base + at, 16 + length) == base.loadLE(at: at + 16 + length, as: UInt64.self) else {
                    if end == bytes.count {
                        replay.tornTail = true
                        break
                    }
                    throw fail(.corrupt, "log record \(record)", at, "record checksum mismatch")
                }
                let id: UInt64 = base.loadLE(at: at + 8)
                if kind == kindUpsert {
                    let vector = [Float](unsafeUninitializedCapacity: dimension) { v, count in
                        UnsafeMutableRawPointer(v.baseAddress!).copyMemory(from: base + at + 16, byteCount: upsertLength)
                        count = dimension
                    }
                    replay.changes.append(.upsert(id: id, vector: vector))
                } else {
                    replay.changes.append(.remove(id: id))
                }
                at = end
                record += 1
                replay.validLength = at
            }
            return replay
        }
    }
}
