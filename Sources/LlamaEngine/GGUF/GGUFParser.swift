/// Parses the header, metadata and tensor table of a GGUF image (gguf.h / gguf.cpp layout):
///
///     u32 magic "GGUF" | u32 version | u64 tensor count | u64 metadata count
///     metadata: (string key, u32 type, value)*
///     tensors: (string name, u32 dims, u64 ne[dims], u32 type, u64 offset)*
///     padding to `general.alignment` | tensor data
///
/// Strings are a u64 length and UTF-8 bytes; everything is little-endian.
enum GGUFParser {
    static let magic: UInt32 = 0x4655_4747  // "GGUF" read as a little-endian u32
    static let defaultAlignment = 32
    /// ggml's GGML_MAX_DIMS.
    static let maxDimensions = 4
    /// Arrays nest at most this deep; the format allows nesting, no real file goes past 1.
    static let maxArrayDepth = 8

    struct Parsed {
        var version: Int
        var keys: [String]
        var metadata: [String: GGUFValue]
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataOffset: Int
    }

    static func parse(_ buffer: UnsafeRawBufferPointer) throws -> Parsed {
        var cursor = GGUFCursor(buffer)
        let magicValue = try cursor.read(UInt32.self, "magic")
        guard magicValue == magic else {
            throw cursor.error(.malformedFile, "not a GGUF file (bad magic)", at: 0)
        }
        let version = try cursor.read(UInt32.self, "version")
        guard version == 2 || version == 3 else {
            let hint = version & 0xFFFF == 0 ? " (a big-endian file?)" : ""
            throw cursor.error(.unsupported, "GGUF version \(version) not supported\(hint)", at: 4)
        }
        // A tensor entry takes at least 8 (name) + 4 (dims) + 4 (type) + 8 (offset) bytes and a
        // metadata entry at least 8 (key) + 4 (type) + 1, which bounds both counts.
        let tensorCount = try cursor.readCount("tensor count", limit: cursor.remaining / 24)
        let keyCount = try cursor.readCount("metadata count", limit: cursor.remaining / 13)

        var keys: [String] = []
        var metadata: [String: GGUFValue] = [:]
        keys.reserveCapacity(keyCount)
        for index in 0..<keyCount {
            cursor.key = nil
            let key = try cursor.readString("key of metadata entry \(index)")
            cursor.key = key
            let typeOffset = cursor.offset
            let typeRaw = try cursor.read(UInt32.self, "value type")
            guard let type = GGUFValueType(rawValue: typeRaw) else {
                throw cursor.error(.malformedFile, "unknown value type \(typeRaw)", at: typeOffset)
            }
            let value = try readValue(type, &cursor)
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw cursor.error(.malformedFile, "duplicate metadata key", at: typeOffset)
            }
            keys.append(key)
        }
        cursor.key = nil

        let alignment = try readAlignment(metadata)

        var tensors: [GGUFTensorInfo] = []
        var relativeOffsets: [(offset: Int, at: Int)] = []
        tensors.reserveCapacity(tensorCount)
        for index in 0..<tensorCount {
            cursor.tensor = nil
            let name = try cursor.readString("name of tensor \(index)")
            cursor.tensor = name
            let (type, shape, size) = try readTensorShape(&cursor)
            let offsetPosition = cursor.offset
            let offset = try cursor.readCount("data offset", limit: Int.max)
            guard offset % alignment == 0 else {
                throw cursor.error(
                    .malformedFile, "data offset \(offset) is not a multiple of \(alignment)",
                    at: offsetPosition)
            }
            tensors.append(
                GGUFTensorInfo(name: name, type: type, shape: shape, fileOffset: 0, byteCount: size))
            relativeOffsets.append((offset, offsetPosition))
        }
        cursor.tensor = nil

        let headerEnd = cursor.offset
        let (dataOffset, overflow) = headerEnd.addingReportingOverflow(
            (alignment - headerEnd % alignment) % alignment)
        guard !overflow, dataOffset <= buffer.count || tensors.isEmpty else {
            throw cursor.error(.malformedFile, "file truncated before the tensor data")
        }
        let dataLength = max(buffer.count - dataOffset, 0)
        for i in tensors.indices {
            let info = tensors[i]
            let relative = relativeOffsets[i]
            let (end, endOverflow) = relative.offset.addingReportingOverflow(info.byteCount)
            guard !endOverflow, end <= dataLength else {
                throw LlamaEngineError(
                    .malformedFile,
                    "data [\(relative.offset), +\(info.byteCount)) runs past the end of the file"
                        + " (\(dataLength) data bytes)",
                    tensor: info.name, offset: relative.at)
            }
            tensors[i] = GGUFTensorInfo(
                name: info.name, type: info.type, shape: info.shape,
                fileOffset: dataOffset + relative.offset, byteCount: info.byteCount)
        }
        return Parsed(
            version: Int(version), keys: keys, metadata: metadata, tensors: tensors,
            alignment: alignment, dataOffset: dataOffset)
    }

    private static func readAlignment(_ metadata: [String: GGUFValue]) throws -> Int {
        guard let value = metadata[GGUFKey.alignment.name] else { return defaultAlignment }
        guard case .uint32(let raw) = value, raw > 0, raw & (raw - 1) == 0 else {
            throw LlamaEngineError(
                .malformedFile, "alignment must be a power-of-two u32, found \(value)",
                key: GGUFKey.alignment.name)
        }
        return Int(raw)
    }

    /// Reads dims, ne[] and type; returns the type, shape and byte size, all overflow-checked.
    private static func readTensorShape(_ cursor: inout GGUFCursor) throws
        -> (GGMLType, [Int], Int)
    {
        let dimsOffset = cursor.offset
        let dims = try cursor.read(UInt32.self, "dimension count")
        guard dims >= 1, dims <= maxDimensions else {
            throw cursor.error(
                .malformedFile, "dimension count \(dims) outside 1...\(maxDimensions)",
                at: dimsOffset)
        }
        var shape: [Int] = []
        var elements = 1
        for d in 0..<Int(dims) {
            let neOffset = cursor.offset
            let ne = try cursor.read(UInt64.self, "ne[\(d)]")
            // ggml keeps ne as int64_t; the product must fit too.
            guard ne <= UInt64(Int64.max),
                case let (product, false) = elements.multipliedReportingOverflow(by: Int(ne))
            else {
                throw cursor.error(
                    .malformedFile, "absurd dimension ne[\(d)] = \(ne)", at: neOffset)
            }
            shape.append(Int(ne))
            elements = product
        }
        let typeOffset = cursor.offset
        let typeRaw = try cursor.read(UInt32.self, "tensor type")
        guard let type = GGMLType(rawValue: typeRaw) else {
            let name = GGMLType.unsupportedName(typeRaw).map { " (\($0))" } ?? ""
            throw cursor.error(
                .unsupported, "tensor type \(typeRaw)\(name) not supported", at: typeOffset)
        }
        guard shape[0] % type.blockSize == 0 else {
            throw cursor.error(
                .malformedFile,
                "row length \(shape[0]) is not a multiple of the \(type) block size"
                    + " \(type.blockSize)", at: dimsOffset)
        }
        let blocks = elements / type.blockSize
        guard case let (size, false) = blocks.multipliedReportingOverflow(by: type.bytesPerBlock)
        else {
            throw cursor.error(.malformedFile, "absurd tensor size", at: dimsOffset)
        }
        return (type, shape, size)
    }

    private static func readValue(_ type: GGUFValueType, _ cursor: inout GGUFCursor) throws
        -> GGUFValue
    {
        switch type {
        case .uint8: return .uint8(try cursor.read(UInt8.self, "u8 value"))
        case .int8: return .int8(try cursor.read(Int8.self, "i8 value"))
        case .uint16: return .uint16(try cursor.read(UInt16.self, "u16 value"))
        case .int16: return .int16(try cursor.read(Int16.self, "i16 value"))
        case .uint32: return .uint32(try cursor.read(UInt32.self, "u32 value"))
        case .int32: return .int32(try cursor.read(Int32.self, "i32 value"))
        case .uint64: return .uint64(try cursor.read(UInt64.self, "u64 value"))
        case .int64: return .int64(try cursor.read(Int64.self, "i64 value"))
        case .float32: return .float32(try cursor.readFloat("f32 value"))
        case .float64: return .float64(try cursor.readDouble("f64 value"))
        case .bool: return .bool(try readBool(&cursor))
        case .string: return .string(try cursor.readString("string value"))
        case .array: return .array(try readArray(&cursor, depth: 1))
        }
    }

    private static func readBool(_ cursor: inout GGUFCursor) throws -> Bool {
        let at = cursor.offset
        let raw = try cursor.read(UInt8.self, "bool value")
        guard raw <= 1 else { throw cursor.error(.malformedFile, "bool value \(raw)", at: at) }
        return raw == 1
    }

    private static func readArray(_ cursor: inout GGUFCursor, depth: Int) throws -> GGUFArray {
        let typeOffset = cursor.offset
        let typeRaw = try cursor.read(UInt32.self, "array element type")
        guard let type = GGUFValueType(rawValue: typeRaw) else {
            throw cursor.error(
                .malformedFile, "unknown array element type \(typeRaw)", at: typeOffset)
        }
        guard depth <= maxArrayDepth || type != .array else {
            throw cursor.error(.malformedFile, "arrays nested too deep", at: typeOffset)
        }
        let count = try cursor.readCount(
            "array length", limit: (cursor.remaining - 8) / type.minimumSize)
        func scalars<T: FixedWidthInteger>(_: T.Type) throws -> [T] {
            try cursor.need(count * MemoryLayout<T>.size, for: "array data")
            let base = cursor.bytes.baseAddress! + cursor.offset
            let values = (0..<count).map {
                T(littleEndian: base.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self))
            }
            try cursor.seek(to: cursor.offset + count * MemoryLayout<T>.size)
            return values
        }
        switch type {
        case .uint8: return .uint8(try scalars(UInt8.self))
        case .int8: return .int8(try scalars(Int8.self))
        case .uint16: return .uint16(try scalars(UInt16.self))
        case .int16: return .int16(try scalars(Int16.self))
        case .uint32: return .uint32(try scalars(UInt32.self))
        case .int32: return .int32(try scalars(Int32.self))
        case .uint64: return .uint64(try scalars(UInt64.self))
        case .int64: return .int64(try scalars(Int64.self))
        case .float32: return .float32(try scalars(UInt32.self).map(Float.init(bitPattern:)))
        case .float64: return .float64(try scalars(UInt64.self).map(Double.init(bitPattern:)))
        case .bool:
            var values: [Bool] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try readBool(&cursor)) }
            return .bool(values)
        case .string:
            var values: [String] = []
            values.reserveCapacity(count)
            for i in 0..<count { values.append(try cursor.readString("string \(i)")) }
            return .string(values)
        case .array:
            var values: [GGUFArray] = []
            for _ in 0..<count { values.append(try readArray(&cursor, depth: depth + 1)) }
            return .array(values)
        }
    }
}
