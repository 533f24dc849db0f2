import Foundation

/// BERT's text normalisation and pre-tokenisation, as Hugging Face `tokenizers` does it
/// (`BertNormalizer` then `BertPreTokenizer`): drop control characters, map whitespace to
/// spaces, isolate CJK ideographs, strip accents (NFD, then drop non-spacing marks), lower-case,
/// then split into words at whitespace and around every punctuation character.
///
/// Character classes follow the Rust crates behind `tokenizers`, whose Unicode tables are older
/// than Swift's: where the two disagree, `WordPieceUnicode` holds the exceptions, measured
/// against `tokenizers` over every code point.
struct WordPieceNormalizer: Sendable {
    var lowercase: Bool
    var stripAccents: Bool

    /// Words of `text` after normalisation, each as its Unicode scalars.
    func words(_ text: Substring) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        func finishWord() {
            if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in normalized(text) {
            if WordPieceUnicode.isWhitespace(scalar) {
                finishWord()
            } else if WordPieceUnicode.isPunctuation(scalar) {
                finishWord()
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        finishWord()
        return words
    }

    /// The normalised scalars of `text`, in `BertNormalizer`'s order: clean, pad CJK,
    /// strip accents, lower-case.
    func normalized(_ text: Substring) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        var allASCII = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || WordPieceUnicode.isControl(scalar) { continue }
            if WordPieceUnicode.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if WordPieceUnicode.isChineseCharacter(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
                allASCII = false
            } else {
                cleaned.append(scalar)
                if value >= 0x80 { allASCII = false }
            }
        }
        if allASCII {
            // Every step below is the identity on ASCII except lower-casing.
            return cleaned.map { lowercase ? asciiLowercased($0) : $0 }
        }
        var scalars: [Unicode.Scalar]
        if stripAccents {
            scalars = decomposed(cleaned).filter { !WordPieceUnicode.isNonspacingMark($0) }
        } else {
            scalars = Array(cleaned)
        }
        if lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(scalars.count)
            for scalar in scalars {
                if scalar.isASCII {
                    lowered.append(asciiLowercased(scalar))
                } else {
                    lowered.append(contentsOf: WordPieceUnicode.lowercaseMapping(scalar))
                }
            }
            scalars = lowered
        }
        return scalars
    }

    /// NFD of `scalars`, leaving whole the few code points `tokenizers` does not decompose.
    private func decomposed(_ scalars: String.UnicodeScalarView) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var pending = String.UnicodeScalarView()
        func flush() {
            result.append(contentsOf: String(pending).decomposedStringWithCanonicalMapping.unicodeScalars)
            pending.removeAll()
        }
        for scalar in scalars {
            if WordPieceUnicode.notDecomposedByTokenizers.contains(scalar.value) {
                flush()
                result.append(scalar)
            } else {
                pending.append(scalar)
            }
        }
        flush()
        return result
    }

    private func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 32)) : scalar
    }
}
