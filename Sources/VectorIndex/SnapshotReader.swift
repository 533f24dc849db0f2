#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a snapshot by mapping it: checks the header, the section table and every section's
/// checksum, then points the graph's slabs into the (private, copy-on-write) mapping.
enum SnapshotReader {
    struct Loaded {
        var graph: HNSWGraph
        var parameters: IndexParameters
        var generation: UInt64
    }

    /// With `verifyVectors` false the checksums of the vectors and codes sections are skipped (every other
    /// section is still checked: those hold slots and counts that could send a search out of
    /// bounds, while a damaged vector can only make a distance wrong).
    static func open(_ path: String, verifyVectors: Bool = true) throws -> Loaded {
        let file = try SystemFile(path: path, flags: O_RDONLY)
        let map = try MappedFile(file)
        let base = UnsafeRawPointer(map.base)
        typealias F = SnapshotFormat.Field
        func fail(_ kind: VectorIndexError.Kind, _ section: String, _ offset: Int, _ message: String) -> VectorIndexError {
            VectorIndexError(kind, message, file: path, section: section, offset: offset)
        }
        guard map.length >= SnapshotFormat.headerSize else {
            throw fail(.truncated, "header", map.length, "file has \(map.length) bytes, the header needs \(SnapshotFormat.headerSize)")
        }
        for (i, b) in SnapshotFormat.magic.enumerated() where base.load(fromByteOffset: i, as: UInt8.self) != b {
            throw fail(.corrupt, "header", i, "not a vector index snapshot (bad magic)")
        }
        let version: UInt32 = base.loadLE(at: F.version)
        guard SnapshotFormat.versions.contains(version) else {
            throw fail(
                .corrupt, "header", F.version,
                "unsupported version \(version) (this build reads \(SnapshotFormat.versions.lowerBound)...\(SnapshotFormat.versions.upperBound))")
        }
        let headerSum: UInt64 = base.loadLE(at: F.checksum)
        guard Kernels.checksum(base, F.checksum) == headerSum else {
            throw fail(.corrupt, "header", F.checksum, "header checksum mismatch")
        }
        let dimension = Int(base.loadLE(at: F.dimension, as: UInt32.self))
        guard let metric = Metric(rawValue: base.loadLE(at: F.metric)) else {
            throw fail(.corrupt, "header", F.metric, "unknown metric")
        }
        // Version 2 files carry the `codes` section; its table entry names the encoding.
        let sections = SnapshotFormat.sections(for: version == 1 ? .none : .int8)
        let sectionCount = Int(base.loadLE(at: F.sectionCount, as: UInt32.self))
        guard sectionCount == sections.count else {
            throw fail(.corrupt, "header", F.sectionCount, "expected \(sections.count) sections, found \(sectionCount)")
        }
        var parameters = IndexParameters(
            m: Int(base.loadLE(at: F.m, as: UInt32.self)),
            efConstruction: Int(base.loadLE(at: F.efConstruction, as: UInt32.self)),
            efSearch: Int(base.loadLE(at: F.efSearch, as: UInt32.self)),
            seed: base.loadLE(at: F.seed),
            compactionThreshold: Double(bitPattern: base.loadLE(at: F.compactionThreshold)))
        if (try? parameters.validate()) == nil || !(2...8192).contains(dimension) {
            throw fail(.corrupt, "header", F.dimension, "parameters out of range")
        }
        parameters.efSearch = max(parameters.efSearch, 1)
        let n = Int(base.loadLE(at: F.nodeCount, as: UInt64.self))
        let upperUsed = Int(base.loadLE(at: F.upperUsed, as: UInt64.self))
        let tableCapacity = Int(base.loadLE(at: F.idTableCapacity, as: UInt64.self))

        let tableAt = SnapshotFormat.headerSize
        let tableSize = SnapshotFormat.tableSize(sections: sections.count)
        guard map.length >= tableAt + tableSize else {
            throw fail(.truncated, "section-table", map.length, "file ends inside the section table")
        }
        let tableSumAt = tableAt + tableSize - 8
        guard Kernels.checksum(base + tableAt, tableSize - 8) == base.loadLE(at: tableSumAt, as: UInt64.self) else {
            throw fail(.corrupt, "section-table", tableSumAt, "section table checksum mismatch")
        }
        let m0 = 2 * parameters.m
        var quantization = Quantization.none
        func expectedLength(_ s: SnapshotFormat.Section) -> Int {
            switch s {
            case .ids, .upperOffsets: n * 8
            case .levels, .flags: n
            case .vectors: n * dimension * 4
            case .links0: n * (m0 + 1) * 4
            case .upperLinks: upperUsed * 4
            case .idTable: tableCapacity * 16
            case .codes: n * Int8Codes.stride(dimension: dimension)
            }
        }
        var pointers: [SnapshotFormat.Section: UnsafeMutableRawPointer] = [:]
        var spans: [(Int, Int, String)] = []
        for (i, section) in sections.enumerated() {
            let e = tableAt + i * SnapshotFormat.sectionEntrySize
            guard base.loadLE(at: e, as: UInt32.self) == section.rawValue else {
                throw fail(.corrupt, "section-table", e, "entry \(i) should be \(section.name)")
            }
            let encoding: UInt32 = base.loadLE(at: e + 4)
            if section == .codes {
                guard let q = Quantization(rawValue: encoding), q != .none else {
                    throw fail(.corrupt, "section-table", e + 4, "unknown encoding \(encoding) of the codes section")
                }
                quantization = q
            } else if encoding != 0 {
                throw fail(.corrupt, "section-table", e + 4, "entry \(i) has a non-zero reserved word")
            }
            let offset = Int(base.loadLE(at: e + 8, as: UInt64.self))
            let length = Int(base.loadLE(at: e + 16, as: UInt64.self))
            guard length == expectedLength(section), offset % SnapshotFormat.alignment == 0 else {
                throw fail(.corrupt, section.name, e + 16, "length \(length) does not match the header counts")
            }
            guard offset + length <= map.length else {
                throw fail(.truncated, section.name, map.length, "section \(section.name) needs bytes \(offset)..<\(offset + length), the file has \(map.length)")
            }
            let skip = (section == .vectors || section == .codes) && !verifyVectors
            guard skip || Kernels.checksum(base + offset, length) == base.loadLE(at: e + 24, as: UInt64.self) else {
                throw fail(.corrupt, section.name, offset, "checksum mismatch in section \(section.name) (bytes \(offset)..<\(offset + length))")
            }
            pointers[section] = map.base + offset
            spans.append((offset, length, section.name))
        }
        // Bytes between sections are zero, so that a flipped bit anywhere is noticed.
        var expectedStart = tableAt + tableSize
        for (offset, length, name) in spans.sorted(by: { $0.0 < $1.0 }) {
            guard offset >= expectedStart else {
                throw fail(.corrupt, name, offset, "section \(name) overlaps the one before it")
            }
            for at in expectedStart..<offset where base.load(fromByteOffset: at, as: UInt8.self) != 0 {
                throw fail(.corrupt, "padding before \(name)", at, "non-zero byte in padding")
            }
            expectedStart = offset + length
        }
        guard expectedStart == map.length else {
            throw fail(.corrupt, "end", expectedStart, "\(map.length - expectedStart) unexpected bytes after the last section")
        }

        parameters.quantization = quantization
        let g = HNSWGraph(dimension: dimension, metric: metric, parameters: parameters)
        if quantization != .none {
            g.codes = Slab(mapped: pointers[.codes]!, count: n * g.codeStride, mapping: map)
        }
        g.ids = Slab(mapped: pointers[.ids]!, count: n, mapping: map)
        g.levels = Slab(mapped: pointers[.levels]!, count: n, mapping: map)
        g.flags = Slab(mapped: pointers[.flags]!, count: n, mapping: map)
        g.vectors = Slab(mapped: pointers[.vectors]!, count: n * dimension, mapping: map)
        g.links0 = Slab(mapped: pointers[.links0]!, count: n * (m0 + 1), mapping: map)
        g.upperOffsets = Slab(mapped: pointers[.upperOffsets]!, count: n, mapping: map)
        g.upperLinks = Slab(mapped: pointers[.upperLinks]!, count: upperUsed, mapping: map)
        let tableSlab = Slab<UInt64>(mapped: pointers[.idTable]!, count: tableCapacity * 2, mapping: map)
        let removed = Int(base.loadLE(at: F.removedCount, as: UInt64.self))
        g.idTable = IDTable(mapped: tableSlab, capacity: tableCapacity, count: n - removed, used: n - removed)
        g.nodeLocks = Slab(capacity: n)
        g.nodeLocks.base.initialize(repeating: 0, count: g.nodeLocks.capacity)
        g.nodeCount = n
        g.removedCount = removed
        g.upperUsed = upperUsed
        g.insertSequence = base.loadLE(at: F.insertSequence)
        g.entryPoint = Int32(truncatingIfNeeded: base.loadLE(at: F.entryPoint, as: Int64.self))
        g.maxLevel = Int(base.loadLE(at: F.maxLevel, as: Int64.self))
        guard tableCapacity >= 16, tableCapacity & (tableCapacity - 1) == 0, removed <= n,
            g.entryPoint >= -1, Int(g.entryPoint) < max(n, 1), (n == 0) == (g.entryPoint == -1)
        else {
            throw fail(.corrupt, "header", F.nodeCount, "counts are inconsistent")
        }
        return Loaded(graph: g, parameters: parameters, generation: base.loadLE(at: F.generation))
    }
}
