/// A stretch of text the packers keep whole (a word, a sentence), with its token count.
struct TextPiece: Equatable {
    var range: Range<Int>
    var tokens: Int
}

/// Packs pieces of text into windows of at most `limit` tokens with an overlap of whole pieces:
/// the building block of the fixed and sentence chunkers.
struct TokenPacker {
    let text: ScalarText
    let counter: any TokenCounter
    let limit: Int
    let overlap: Int

    func count(_ range: Range<Int>) -> Int {
        counter.countTokens(in: Substring(text.string(range)))
    }

    /// The words of `range` as pieces; a word over the limit (a long URL, a base64 blob) is cut
    /// into pieces that fit.
    func wordPieces(in range: Range<Int>) -> [TextPiece] {
        var pieces: [TextPiece] = []
        for word in text.words(in: range) {
            let tokens = count(word)
            if tokens <= limit {
                pieces.append(TextPiece(range: word, tokens: tokens))
            } else {
                pieces.append(contentsOf: split(word))
            }
        }
        return pieces
    }

    /// Cuts a run of text with more than `limit` tokens into the longest prefixes that fit.
    private func split(_ word: Range<Int>) -> [TextPiece] {
        var pieces: [TextPiece] = []
        var start = word.lowerBound
        while start < word.upperBound {
            // Binary search for the longest prefix within the limit; at least one scalar.
            var low = start + 1, high = word.upperBound
            while low < high {
                let mid = (low + high + 1) / 2
                if count(start..<mid) <= limit { low = mid } else { high = mid - 1 }
            }
            pieces.append(TextPiece(range: start..<low, tokens: count(start..<low)))
            start = low
        }
        return pieces
    }

    /// Groups consecutive pieces into windows (ranges of piece indices) of at most `limit`
    /// tokens; each window after the first starts with the last pieces of the one before that
    /// fit in `overlap` tokens, unless that would leave no room to move on.
    func pack(_ pieces: [TextPiece]) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        var start = 0
        while start < pieces.count {
            var end = start, total = 0
            while end < pieces.count, total + pieces[end].tokens <= limit {
                total += pieces[end].tokens
                end += 1
            }
            end = max(end, start + 1)
            windows.append(start..<end)
            guard end < pieces.count else { break }
            var next = end, carried = 0
            while next - 1 > start, carried + pieces[next - 1].tokens <= overlap {
                carried += pieces[next - 1].tokens
                next -= 1
            }
            if carried + pieces[end].tokens > limit { next = end }
            start = next
        }
        return windows
    }

    /// The text range a window of pieces covers.
    static func range(of window: Range<Int>, in pieces: [TextPiece]) -> Range<Int> {
        pieces[window.lowerBound].range.lowerBound..<pieces[window.upperBound - 1].range.upperBound
    }
}
