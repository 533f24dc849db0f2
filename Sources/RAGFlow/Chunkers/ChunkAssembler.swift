/// Turns text ranges of one document into ``Chunk``s: the text at the range, the pages it
/// touches and the headings enclosing its start, read from the document's spans.
struct ChunkAssembler {
    let document: Document
    let text: ScalarText

    init(_ document: Document) {
        self.document = document
        text = ScalarText(document.text)
    }

    /// Chunks for `ranges`, numbered in order.
    func chunks(_ ranges: [Range<Int>]) -> [Chunk] {
        ranges.enumerated().map { ordinal, range in
            Chunk(
                documentPath: document.path, ordinal: ordinal, text: text.string(range), range: range,
                pages: pages(of: range), headingPath: headingPath(at: range.lowerBound))
        }
    }

    /// Index of the first span that ends after `offset`.
    private func firstSpan(endingAfter offset: Int) -> Int {
        var low = 0, high = document.spans.count
        while low < high {
            let mid = (low + high) / 2
            if document.spans[mid].range.upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func pages(of range: Range<Int>) -> ClosedRange<Int>? {
        var first: Int?, last: Int?
        var index = firstSpan(endingAfter: range.lowerBound)
        while index < document.spans.count, document.spans[index].range.lowerBound < range.upperBound {
            if let page = document.spans[index].page {
                first = min(first ?? page, page)
                last = max(last ?? page, page)
            }
            index += 1
        }
        guard let first, let last else { return nil }
        return first...last
    }

    func headingPath(at offset: Int) -> [String] {
        let index = firstSpan(endingAfter: offset)
        guard index < document.spans.count, document.spans[index].range.contains(offset) else { return [] }
        return document.spans[index].headingPath
    }

    /// Ranges of the document where page and heading path stay the same, covering the text.
    func sections() -> [Range<Int>] {
        var sections: [Range<Int>] = []
        var current: (range: Range<Int>, page: Int?, headings: [String])?
        for span in document.spans where !span.range.isEmpty {
            let range = max(0, span.range.lowerBound)..<min(text.count, span.range.upperBound)
            guard !range.isEmpty else { continue }
            if let open = current, open.page == span.page, open.headings == span.headingPath, open.range.upperBound == range.lowerBound {
                current!.range = open.range.lowerBound..<range.upperBound
            } else {
                if let open = current { sections.append(open.range) }
                current = (range, span.page, span.headingPath)
            }
        }
        if let open = current { sections.append(open.range) }
        // Text outside every span (a loader that maps only part of it) still gets chunked.
        var covered: [Range<Int>] = []
        var position = 0
        for section in sections {
            if section.lowerBound > position { covered.append(position..<section.lowerBound) }
            covered.append(max(position, section.lowerBound)..<section.upperBound)
            position = section.upperBound
        }
        if position < text.count { covered.append(position..<text.count) }
        return covered.filter { !$0.isEmpty }
    }
}
