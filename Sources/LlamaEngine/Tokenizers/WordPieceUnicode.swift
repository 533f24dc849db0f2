/// Character classes of BERT tokenisation, matching Hugging Face `tokenizers` (Rust) code point
/// for code point.
///
/// `tokenizers` takes whitespace and lower-casing from Rust's standard library, but control
/// characters, punctuation and non-spacing marks from the `unicode_categories` crate, whose
/// tables are older than Swift's: a mark or punctuation sign assigned since then is an
/// ordinary letter to `tokenizers`, and a few code points changed category. The exception
/// tables below were measured by running `tokenizers` (0.2x, Python) and this code over every
/// code point, with the script in `Tests/LlamaEngineTests/Tokenizers/Fixtures/`.
enum WordPieceUnicode {
    /// Rust's `char::is_whitespace` plus tab, newline and carriage return.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        case 0..<0x80: return scalar.value >= 0x0B && scalar.value <= 0x0C
        default: return scalar.properties.isWhitespace
        }
    }

    /// `Cc`, `Cf`, `Co` or `Cs` in `tokenizers`' tables (not `Cn`: unassigned code points are
    /// kept), except tab, newline and return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value < 0x20 || value == 0x7F) && value != 0x09 && value != 0x0A && value != 0x0D
        }
        if contains(ordinaryInTokenizers, value) { return false }
        if contains(removedByTokenizers, value) { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII punctuation and symbols, or Unicode punctuation (`Pc Pd Pe Pf Pi Po Ps`).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x21 && value <= 0x2F) || (value >= 0x3A && value <= 0x40)
                || (value >= 0x5B && value <= 0x60) || (value >= 0x7B && value <= 0x7E)
        }
        if contains(ordinaryInTokenizers, value) { return false }
        if contains(punctuationInTokenizers, value) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation,
            .initialPunctuation, .otherPunctuation, .openPunctuation:
            return true
        default:
            return false
        }
    }

    /// `Mn`, the marks that accent stripping removes.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        if contains(ordinaryInTokenizers, scalar.value) { return false }
        if contains(punctuationInTokenizers, scalar.value) { return false }
        return scalar.properties.generalCategory == .nonspacingMark
    }

    /// The CJK blocks `tokenizers` isolates as single-character words (its ranges, including
    /// its `0x2B920` where BERT's Python code has `0x2B820`).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x3400 { return false }
        return (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0x2A700...0x2B73F).contains(value)
            || (0x2B740...0x2B81F).contains(value) || (0x2B920...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }

    /// Rust's `char::to_lowercase`: the full lower-case mapping, one or more scalars.
    static func lowercaseMapping(_ scalar: Unicode.Scalar) -> some Sequence<Unicode.Scalar> {
        scalar.properties.lowercaseMapping.unicodeScalars
    }

    private static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < value {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < ranges.count && ranges[low].contains(value)
    }

    /// Code points `tokenizers` treats as letters (unassigned in its tables, or of another
    /// category then) where Swift's tables say control, punctuation or non-spacing mark. Sorted.
    static let ordinaryInTokenizers: [ClosedRange<UInt32>] = [
        0x61D...0x61D, 0x7FD...0x7FD, 0x890...0x891, 0x897...0x89F, 0x8CA...0x8E2, 0x9FD...0x9FE,
        0xA76...0xA76, 0xAFA...0xAFF, 0xB55...0xB55, 0xC04...0xC04, 0xC3C...0xC3C, 0xC77...0xC77,
        0xC84...0xC84, 0xD00...0xD00, 0xD3B...0xD3C, 0xD81...0xD81, 0xEBA...0xEBA, 0xECE...0xECE,
        0x180F...0x180F, 0x1885...0x1886, 0x1ABF...0x1ADD, 0x1AE0...0x1AEB, 0x1B4E...0x1B4F,
        0x1B7D...0x1B7F, 0x1DF6...0x1DFB, 0x2E43...0x2E4F, 0x2E52...0x2E5D, 0xA82C...0xA82C,
        0xA8C5...0xA8C5, 0xA8FF...0xA8FF, 0xA9BD...0xA9BD, 0x10D24...0x10D27, 0x10D69...0x10D6E,
        0x10EAB...0x10EAD, 0x10ED0...0x10ED0, 0x10EFA...0x10EFF, 0x10F46...0x10F50,
        0x10F55...0x10F59, 0x10F82...0x10F89, 0x11070...0x11070, 0x11073...0x11074,
        0x110C2...0x110C2, 0x110CD...0x110CD, 0x111CF...0x111CF, 0x1123E...0x1123E,
        0x11241...0x11241, 0x1133B...0x1133B, 0x113BB...0x113C0, 0x113CE...0x113CE,
        0x113D0...0x113D0, 0x113D2...0x113D2, 0x113D4...0x113D5, 0x113D7...0x113D8,
        0x113E1...0x113E2, 0x11438...0x1143F, 0x11442...0x11444, 0x11446...0x11446,
        0x1144B...0x1144F, 0x1145A...0x1145B, 0x1145D...0x1145E, 0x11660...0x1166C,
        0x116B9...0x116B9, 0x1182F...0x11837, 0x11839...0x1183B, 0x11938...0x11938,
        0x1193B...0x1193C, 0x1193E...0x1193E, 0x11943...0x11946, 0x119D4...0x119D7,
        0x119DA...0x119DB, 0x119E0...0x119E0, 0x119E2...0x119E2, 0x11A01...0x11A0A,
        0x11A33...0x11A38, 0x11A3B...0x11A47, 0x11A51...0x11A56, 0x11A59...0x11A5B,
        0x11A8A...0x11A96, 0x11A98...0x11A9C, 0x11A9E...0x11AA2, 0x11B00...0x11B09,
        0x11B60...0x11B60, 0x11B62...0x11B64, 0x11B66...0x11B66, 0x11BE1...0x11BE1,
        0x11C30...0x11C36, 0x11C38...0x11C3D, 0x11C3F...0x11C3F, 0x11C41...0x11C45,
        0x11C70...0x11C71, 0x11C92...0x11CA7, 0x11CAA...0x11CB0, 0x11CB2...0x11CB3,
        0x11CB5...0x11CB6, 0x11D31...0x11D36, 0x11D3A...0x11D3A, 0x11D3C...0x11D3D,
        0x11D3F...0x11D45, 0x11D47...0x11D47, 0x11D90...0x11D91, 0x11D95...0x11D95,
        0x11D97...0x11D97, 0x11EF3...0x11EF4, 0x11EF7...0x11EF8, 0x11F00...0x11F01,
        0x11F36...0x11F3A, 0x11F40...0x11F40, 0x11F42...0x11F4F, 0x11F5A...0x11F5A,
        0x11FFF...0x11FFF, 0x12FF1...0x12FF2, 0x13430...0x13440, 0x13447...0x13455,
        0x1611E...0x16129, 0x1612D...0x1612F, 0x16D6D...0x16D6F, 0x16E97...0x16E9A,
        0x16F4F...0x16F4F, 0x16FE2...0x16FE2, 0x16FE4...0x16FE4, 0x1CF00...0x1CF2D,
        0x1CF30...0x1CF46, 0x1E000...0x1E006, 0x1E008...0x1E018, 0x1E01B...0x1E021,
        0x1E023...0x1E024, 0x1E026...0x1E02A, 0x1E08F...0x1E08F, 0x1E130...0x1E136,
        0x1E2AE...0x1E2AE, 0x1E2EC...0x1E2EF, 0x1E4EC...0x1E4EF, 0x1E5EE...0x1E5EF,
        0x1E5FF...0x1E5FF, 0x1E6E3...0x1E6E3, 0x1E6E6...0x1E6E6, 0x1E6EE...0x1E6EF,
        0x1E6F5...0x1E6F5, 0x1E944...0x1E94A, 0x1E95E...0x1E95F
    ]

    /// Code points `tokenizers` splits off as punctuation that Swift's tables do not.
    static let punctuationInTokenizers: [ClosedRange<UInt32>] = [
        0x166D...0x166D, 0x111C9...0x111C9
    ]

    /// Code points whose canonical decomposition is newer than `tokenizers`' NFD tables: they
    /// stay whole.
    static let notDecomposedByTokenizers: Set<UInt32> = [0x11938]

    /// Code points `tokenizers` drops (marks in its tables) that Swift's tables keep.
    static let removedByTokenizers: [ClosedRange<UInt32>] = [
        0x1734...0x1734, 0x1171E...0x1171E
    ]
}
