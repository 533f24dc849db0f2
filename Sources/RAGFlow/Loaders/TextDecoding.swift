import Foundation

/// Turns the bytes of a text file into a string: UTF-8 with or without a byte-order mark,
/// UTF-16 with a byte-order mark, and Latin-1 for anything else (with a warning).
enum TextDecoding {
    struct Decoded {
        var text: String
        var warnings: [String]
    }

    /// Decodes `bytes`, throwing for files that look binary (a NUL byte outside UTF-16).
    static func decode(_ bytes: Data, file: String) throws -> Decoded {
        if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bytes.dropFirst(2), bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bytes.dropFirst(2), bigEndian: true) }
        if let nul = bytes.firstIndex(of: 0) {
            throw RAGFlowError(
                .unreadableFile,
                "skipped as binary: NUL byte at offset \(nul - bytes.startIndex) in a file that is not UTF-16",
                file: file)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        if let text = String(validating: body, as: UTF8.self) { return Decoded(text: text, warnings: []) }
        // Latin-1 maps every byte to the scalar of the same value, so it never fails.
        let text = String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
        return Decoded(text: text, warnings: ["not valid UTF-8: decoded as Latin-1"])
    }

    private static func utf16(_ body: Data.SubSequence, bigEndian: Bool) -> Decoded {
        var warnings: [String] = []
        if body.count % 2 != 0 { warnings.append("UTF-16 text has an odd number of bytes: the last byte was dropped") }
        var units = [UInt16]()
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index + 1 < body.endIndex {
            let first = UInt16(body[index]), second = UInt16(body[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        let text = String(decoding: units, as: UTF16.self)
        if text.unicodeScalars.contains("\u{FFFD}") && !units.contains(0xFFFD) {
            warnings.append("UTF-16 text has unpaired surrogates: replaced with U+FFFD")
        }
        return Decoded(text: text, warnings: warnings)
    }
}
