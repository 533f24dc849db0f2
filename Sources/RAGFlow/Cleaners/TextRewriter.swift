/// The one mechanism every cleaner uses to change a document's text: it collects replacements
/// of source ranges, then builds the new text and moves every span boundary with it, so the
/// page and section map stays exact.
///
/// A boundary outside every replaced range moves by the net length change before it. A boundary
/// inside a replaced range lands at the same distance into the replacement, clamped to its end:
/// replacing a space run that straddles two pages leaves the kept space on the first page.
///
/// ```swift
/// var rewriter = TextRewriter(document.text)
/// rewriter.replace(3..<5, with: " ")
/// let cleaned = rewriter.apply(to: document)
/// ```
package struct TextRewriter {
    /// The text being rewritten, as Unicode scalars (the unit of every document offset).
    package let source: [Unicode.Scalar]
    private var edits: [Edit] = []

    private struct Edit {
        var range: Range<Int>
        var replacement: [Unicode.Scalar]
        /// Where the replacement starts in the new text; filled in by `apply`.
        var newStart = 0
    }

    package init(_ text: String) {
        source = Array(text.unicodeScalars)
    }

    /// Replaces the source scalars in `range` (non-empty, after every earlier edit's range).
    package mutating func replace(_ range: Range<Int>, with replacement: some Sequence<Unicode.Scalar>) {
        precondition(!range.isEmpty && range.upperBound <= source.count, "edit range out of bounds")
        precondition(range.lowerBound >= (edits.last?.range.upperBound ?? 0), "edits must be in order")
        let scalars = Array(replacement)
        if scalars.elementsEqual(source[range]) { return }
        edits.append(Edit(range: range, replacement: scalars))
    }

    package mutating func replace(_ range: Range<Int>, with replacement: String) {
        replace(range, with: replacement.unicodeScalars)
    }

    package mutating func delete(_ range: Range<Int>) {
        replace(range, with: EmptyCollection<Unicode.Scalar>())
    }

    package var hasEdits: Bool { !edits.isEmpty }

    /// `document` with the rewritten text and its spans moved to match.
    package func apply(to document: Document) -> Document {
        guard hasEdits else { return document }
        var text = String.UnicodeScalarView()
        var placed = edits
        var copied = 0
        var length = 0
        for index in placed.indices {
            let edit = placed[index]
            text.append(contentsOf: source[copied..<edit.range.lowerBound])
            length += edit.range.lowerBound - copied
            placed[index].newStart = length
            text.append(contentsOf: edit.replacement)
            length += edit.replacement.count
            copied = edit.range.upperBound
        }
        text.append(contentsOf: source[copied...])
        var result = document
        result.text = String(text)
        result.spans = document.spans.map { span in
            var moved = span
            moved.range = Self.map(span.range.lowerBound, placed)..<Self.map(span.range.upperBound, placed)
            return moved
        }
        return result
    }

    /// The new offset of source offset `offset`.
    private static func map(_ offset: Int, _ edits: [Edit]) -> Int {
        // The last edit that starts before `offset`.
        var low = 0, high = edits.count
        while low < high {
            let middle = (low + high) / 2
            if edits[middle].range.lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return offset }
        let edit = edits[low - 1]
        if offset < edit.range.upperBound {
            return edit.newStart + min(offset - edit.range.lowerBound, edit.replacement.count)
        }
        return edit.newStart + edit.replacement.count + (offset - edit.range.upperBound)
    }
}

extension DocumentCleaner {
    /// Runs `edit` over a fresh rewriter of the document's text and applies its edits.
    func rewrite(_ document: Document, _ edit: (inout TextRewriter) -> Void) -> Document {
        var rewriter = TextRewriter(document.text)
        edit(&rewriter)
        return rewriter.apply(to: document)
    }
}
