/// Reads little-endian GGUF fields from a byte buffer, checking every length against the end
/// before touching memory. Errors carry the byte offset of the field that failed and `context`
/// (the key or tensor being read).
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int = 0
    /// The key or tensor being read, for error messages.
    var key: String?
    var tensor: String?

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    func error(_ kind: LlamaEngineError.Kind, _ message: String, at position: Int? = nil)
        -> LlamaEngineError
    {
        LlamaEngineError(kind, message, key: key, tensor: tensor, offset: position ?? offset)
    }

    /// Throws unless `count` more bytes exist.
    func need(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw error(
                .malformedFile,
                "file truncated: \(what) needs \(count) bytes, \(remaining) remain")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> T {
        try need(MemoryLayout<T>.size, for: what)
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readFloat(_ what: String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, what))
    }

    mutating func readDouble(_ what: String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    /// A count stored as u64, checked to be at most `limit` (which the caller derives from the
    /// bytes left, so a corrupt count fails here instead of allocating terabytes).
    mutating func readCount(_ what: String, limit: Int) throws -> Int {
        let start = offset
        let raw = try read(UInt64.self, what)
        guard raw <= UInt64(max(limit, 0)) else {
            throw error(.malformedFile, "absurd \(what) \(raw) (at most \(limit) fit)", at: start)
        }
        return Int(raw)
    }

    /// A GGUF string: u64 length then UTF-8 bytes (not NUL-terminated). Invalid UTF-8 is
    /// repaired with U+FFFD rather than rejected: some vocabularies hold partial sequences.
    mutating func readString(_ what: String) throws -> String {
        let length = try readCount("\(what) length", limit: remaining - 8)
        let start = bytes.baseAddress! + offset
        let text = String(
            decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
        offset += length
        return text
    }

    /// Moves to `position`, which must lie within the buffer.
    mutating func seek(to position: Int) throws {
        guard position >= 0, position <= bytes.count else {
            throw error(.malformedFile, "file truncated: offset \(position) is past the end")
        }
        offset = position
    }
}
