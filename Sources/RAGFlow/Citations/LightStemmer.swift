/// Steps 1 and 5 of Porter's stemmer (1980): plurals, `-ed`, `-ing`, final `-y` and `-e`.
///
/// Enough to make "uses", "used" and "use" or "matches" and "match" meet, without the
/// derivational steps (`-ational`, `-ness`...) that merge words a reader would keep apart.
/// The store's FTS5 index uses the full Porter stemmer; both sides here use this one, so
/// comparisons stay consistent. Words with non-ASCII letters are returned unchanged.
package enum LightStemmer {
    package static func stem(_ word: String) -> String {
        guard word.utf8.count > 2, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var w = Array(word.utf8)
        step1a(&w)
        step1b(&w)
        step1c(&w)
        step5(&w)
        return String(decoding: w, as: UTF8.self)
    }

    private static func isConsonant(_ w: [UInt8], _ i: Int) -> Bool {
        switch w[i] {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): return false
        case UInt8(ascii: "y"): return i == 0 ? true : !isConsonant(w, i - 1)
        default: return true
        }
    }

    /// Porter's m: the number of vowel-consonant sequences in `w[..<end]`.
    private static func measure(_ w: [UInt8], _ end: Int) -> Int {
        var m = 0
        var i = 0
        while i < end, isConsonant(w, i) { i += 1 }
        while i < end {
            while i < end, !isConsonant(w, i) { i += 1 }
            guard i < end else { break }
            m += 1
            while i < end, isConsonant(w, i) { i += 1 }
        }
        return m
    }

    private static func hasVowel(_ w: [UInt8], _ end: Int) -> Bool {
        (0..<end).contains { !isConsonant(w, $0) }
    }

    private static func endsWithDoubleConsonant(_ w: [UInt8], _ end: Int) -> Bool {
        end >= 2 && w[end - 1] == w[end - 2] && isConsonant(w, end - 1)
    }

    /// Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "snow").
    private static func endsCVC(_ w: [UInt8], _ end: Int) -> Bool {
        guard end >= 3, isConsonant(w, end - 3), !isConsonant(w, end - 2), isConsonant(w, end - 1) else { return false }
        let last = w[end - 1]
        return last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != UInt8(ascii: "y")
    }

    private static func ends(_ w: [UInt8], _ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return w.count >= s.count && Array(w[(w.count - s.count)...]) == s
    }

    private static func step1a(_ w: inout [UInt8]) {
        if ends(w, "sses") || ends(w, "ies") {
            w.removeLast(2)
        } else if ends(w, "ss") {
            return
        } else if ends(w, "s") {
            w.removeLast()
        }
    }

    private static func step1b(_ w: inout [UInt8]) {
        if ends(w, "eed") {
            if measure(w, w.count - 3) > 0 { w.removeLast() }
            return
        }
        let suffixLength: Int
        if ends(w, "ed"), hasVowel(w, w.count - 2) {
            suffixLength = 2
        } else if ends(w, "ing"), hasVowel(w, w.count - 3) {
            suffixLength = 3
        } else {
            return
        }
        w.removeLast(suffixLength)
        if ends(w, "at") || ends(w, "bl") || ends(w, "iz") {
            w.append(UInt8(ascii: "e"))
        } else if endsWithDoubleConsonant(w, w.count), !"lsz".utf8.contains(w[w.count - 1]) {
            w.removeLast()
        } else if measure(w, w.count) == 1, endsCVC(w, w.count) {
            w.append(UInt8(ascii: "e"))
        }
    }

    private static func step1c(_ w: inout [UInt8]) {
        if ends(w, "y"), hasVowel(w, w.count - 1) { w[w.count - 1] = UInt8(ascii: "i") }
    }

    private static func step5(_ w: inout [UInt8]) {
        if ends(w, "e") {
            let m = measure(w, w.count - 1)
            if m > 1 || (m == 1 && !endsCVC(w, w.count - 1)) { w.removeLast() }
        }
        if ends(w, "ll"), measure(w, w.count) > 1 { w.removeLast() }
    }
}
