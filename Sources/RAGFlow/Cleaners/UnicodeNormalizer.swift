import Foundation

/// Brings text to a Unicode normal form: NFKC by default (ligatures such as "ﬁ" become "fi",
/// full-width letters and non-breaking spaces become their plain forms), or NFC.
///
/// Each grapheme cluster is normalised on its own, which keeps every character's page and
/// section exact.
///
/// ```swift
/// let cleaned = try UnicodeNormalizer().clean(document) // "ﬁle" -> "file"
/// ```
public struct UnicodeNormalizer: DocumentCleaner {
    public enum Form: String, Sendable, Codable, CaseIterable {
        /// Canonical composition: only changes how the same characters are encoded.
        case nfc
        /// Compatibility composition: also folds ligatures, widths and presentation forms.
        case nfkc
    }

    public var form: Form

    public init(form: UnicodeNormalizer.Form = .nfkc) {
        self.form = form
    }

    public func clean(_ document: Document) throws -> Document {
        // ASCII text is already in every normal form.
        if document.text.utf8.allSatisfy({ $0 < 0x80 }) { return document }
        return rewrite(document) { rewriter in
            var offset = 0
            for character in document.text {
                let scalars = character.unicodeScalars
                let count = scalars.count
                defer { offset += count }
                // A lone scalar that NFKC_Casefold leaves alone is stable under NFKC and NFC too;
                // the property lookup is far cheaper than normalising through Foundation.
                if count == 1, let scalar = scalars.first, scalar.isASCII || !scalar.properties.changesWhenNFKCCaseFolded {
                    continue
                }
                let normalized = normalize(String(character))
                rewriter.replace(offset..<offset + count, with: normalized.unicodeScalars)
            }
        }
    }

    private func normalize(_ text: String) -> String {
        switch form {
        case .nfc: text.precomposedStringWithCanonicalMapping
        case .nfkc: text.precomposedStringWithCompatibilityMapping
        }
    }
}
