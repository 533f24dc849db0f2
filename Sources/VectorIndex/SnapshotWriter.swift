#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a graph as a snapshot file: header, section table, then each section 64-byte
/// aligned, every section with its checksum. The caller renames the file into place.
enum SnapshotWriter {
    static func write(_ g: HNSWGraph, parameters: IndexParameters, generation: UInt64, to path: String) throws {
        // A fresh id table without tombstones, sized for the live ids.
        var table = IDTable(capacity: g.liveCount * 2)
        for s in 0..<g.nodeCount where !g.isRemoved(s) { table.set(g.ids[s], slot: s) }

        let n = g.nodeCount
        typealias S = SnapshotFormat.Section
        let parts: [(S, UnsafeRawPointer, Int)] = SnapshotFormat.sections(for: g.quantization).map { section in
            switch section {
            case .ids: (section, UnsafeRawPointer(g.ids.base), n * 8)
            case .levels: (section, UnsafeRawPointer(g.levels.base), n)
            case .flags: (section, UnsafeRawPointer(g.flags.base), n)
            case .vectors: (section, UnsafeRawPointer(g.vectors.base), n * g.dimension * 4)
            case .links0: (section, UnsafeRawPointer(g.links0.base), n * (g.m0 + 1) * 4)
            case .upperOffsets: (section, UnsafeRawPointer(g.upperOffsets.base), n * 8)
            case .upperLinks: (section, UnsafeRawPointer(g.upperLinks.base), g.upperUsed * 4)
            case .idTable: (section, UnsafeRawPointer(table.entries.base), table.capacity * 16)
            case .codes: (section, UnsafeRawPointer(g.codes.base), n * g.codeStride)
            }
        }
        let file = try SystemFile(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let tableSize = SnapshotFormat.tableSize(sections: parts.count)
        let tableBytes = UnsafeMutableRawPointer.allocate(byteCount: tableSize, alignment: 8)
        defer { tableBytes.deallocate() }
        var offset = SnapshotFormat.aligned(SnapshotFormat.headerSize + tableSize)
        for (i, (section, pointer, length)) in parts.enumerated() {
            try file.write(pointer, count: length, at: offset)
            let e = i * SnapshotFormat.sectionEntrySize
            tableBytes.storeLE(section.rawValue, at: e)
            tableBytes.storeLE(SnapshotFormat.encoding(of: section, g.quantization), at: e + 4)
            tableBytes.storeLE(UInt64(offset), at: e + 8)
            tableBytes.storeLE(UInt64(length), at: e + 16)
            tableBytes.storeLE(Kernels.checksum(pointer, length), at: e + 24)
            offset = SnapshotFormat.aligned(offset + length)
        }
        let tableChecksumAt = tableSize - 8
        tableBytes.storeLE(Kernels.checksum(tableBytes, tableChecksumAt), at: tableChecksumAt)
        try file.write(tableBytes, count: tableSize, at: SnapshotFormat.headerSize)

        let header = UnsafeMutableRawPointer.allocate(byteCount: SnapshotFormat.headerSize, alignment: 8)
        defer { header.deallocate() }
        header.initializeMemory(as: UInt8.self, repeating: 0, count: SnapshotFormat.headerSize)
        typealias F = SnapshotFormat.Field
        for (i, b) in SnapshotFormat.magic.enumerated() { header.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
        header.storeLE(SnapshotFormat.version(for: g.quantization), at: F.version)
        header.storeLE(UInt32(SnapshotFormat.headerSize), at: F.headerSize)
        header.storeLE(UInt32(g.dimension), at: F.dimension)
        header.storeLE(g.metric.rawValue, at: F.metric)
        header.storeLE(UInt32(g.m), at: F.m)
        header.storeLE(UInt32(g.efConstruction), at: F.efConstruction)
        header.storeLE(UInt32(parameters.efSearch), at: F.efSearch)
        header.storeLE(UInt32(parts.count), at: F.sectionCount)
        header.storeLE(g.seed, at: F.seed)
        header.storeLE(generation, at: F.generation)
        header.storeLE(UInt64(n), at: F.nodeCount)
        header.storeLE(UInt64(g.removedCount), at: F.removedCount)
        header.storeLE(g.insertSequence, at: F.insertSequence)
        header.storeLE(Int64(g.entryPoint), at: F.entryPoint)
        header.storeLE(Int64(g.maxLevel), at: F.maxLevel)
        header.storeLE(g.compactionThreshold.bitPattern, at: F.compactionThreshold)
        header.storeLE(UInt64(g.upperUsed), at: F.upperUsed)
        header.storeLE(UInt64(table.capacity), at: F.idTableCapacity)
        header.storeLE(Kernels.checksum(header, F.checksum), at: F.checksum)
        try file.write(header, count: SnapshotFormat.headerSize, at: 0)
        try file.sync()
    }
}
