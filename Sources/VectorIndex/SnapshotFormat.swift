/// Layout constants of the snapshot file (docs/vector-index-format.md is the reference).
enum SnapshotFormat {
    static let magic: [UInt8] = Array("RFVECIDX".utf8)
    /// Version 1: float vectors only (8 sections). Version 2 adds a ninth section, `codes`, for
    /// int8 quantization. Unquantized indexes are still written as version 1, so that builds
    /// that only know version 1 keep opening them.
    static let versions: ClosedRange<UInt32> = 1...2

    static func version(for quantization: Quantization) -> UInt32 { quantization == .none ? 1 : 2 }
    static let headerSize = 128
    static let sectionEntrySize = 32
    static let alignment = 64

    /// Header fields by byte offset.
    enum Field {
        static let magic = 0, version = 8, headerSize = 12, dimension = 16, metric = 20
        static let m = 24, efConstruction = 28, efSearch = 32, sectionCount = 36
        static let seed = 40, generation = 48, nodeCount = 56, removedCount = 64
        static let insertSequence = 72, entryPoint = 80, maxLevel = 88
        static let compactionThreshold = 96, upperUsed = 104, idTableCapacity = 112
        static let checksum = 120
    }

    /// Sections in file order, with the name errors use.
    enum Section: UInt32, CaseIterable {
        case ids = 1, levels, flags, vectors, links0, upperOffsets, upperLinks, idTable, codes

        var name: String {
            switch self {
            case .ids: "ids"
            case .levels: "levels"
            case .flags: "flags"
            case .vectors: "vectors"
            case .links0: "links0"
            case .upperOffsets: "upper-offsets"
            case .upperLinks: "upper-links"
            case .idTable: "id-table"
            case .codes: "codes"
            }
        }
    }

    /// The sections of a file, in order.
    static func sections(for quantization: Quantization) -> [Section] {
        let float: [Section] = [.ids, .levels, .flags, .vectors, .links0, .upperOffsets, .upperLinks, .idTable]
        return quantization == .none ? float : float + [.codes]
    }

    /// What the second word of a section's table entry says about its content: 0, except for
    /// `codes`, where it names the encoding (1: int8 rows, see `Int8Codes`).
    static func encoding(of section: Section, _ quantization: Quantization) -> UInt32 {
        section == .codes ? quantization.rawValue : 0
    }

    /// Section table bytes for `count` sections, its checksum included.
    static func tableSize(sections count: Int) -> Int { count * sectionEntrySize + 8 }

    static func aligned(_ x: Int) -> Int { (x + alignment - 1) / alignment * alignment }
}

/// Little-endian field access on raw bytes (the formats are little-endian on every host).
extension UnsafeMutableRawPointer {
    @inline(__always)
    func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }
}

extension UnsafeRawPointer {
    @inline(__always)
    func loadLE<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
