extension Unicode.Scalar {
    /// `properties.isWhitespace` with an ASCII fast path: the property lookup is a table search
    /// that dominates loops over every character of a document.
    var isWhitespaceQuick: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return properties.isWhitespace
    }
}
