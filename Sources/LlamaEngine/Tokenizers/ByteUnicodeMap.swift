/// GPT-2's reversible map between bytes and printable characters: byte-level BPE vocabularies
/// spell every byte as one of these characters (a space is `Ġ`, a newline `Ċ`).
enum ByteUnicodeMap {
    /// The character standing for each byte.
    static let characters: [Unicode.Scalar] = {
        var map = [Unicode.Scalar](repeating: " ", count: 256)
        var extra: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                map[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                map[byte] = Unicode.Scalar(extra)!
                extra += 1
            }
        }
        return map
    }()

    /// The byte each map character stands for.
    static let bytes: [Unicode.Scalar: UInt8] = {
        var inverse: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in characters.enumerated() { inverse[scalar] = UInt8(byte) }
        return inverse
    }()

    /// `bytes` spelled in map characters.
    static func encode<S: Sequence<UInt8>>(_ bytes: S) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(characters[Int(byte)]) }
        return String(text)
    }

    /// The bytes `text` spells, nil if it holds a character outside the map.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = bytes[scalar] else { return nil }
            out.append(byte)
        }
        return out
    }
}
