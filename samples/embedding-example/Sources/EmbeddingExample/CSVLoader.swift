import RAGFlow

/// A loader for `.csv` files, registered under the kind `csv`: every row becomes one sentence
/// naming its columns ("date: 2026-08-04, hive: Cobalt, ..."), which retrieval and citations can
/// quote. Quoted fields with commas are beyond this example.
struct CSVLoader: DocumentLoader {
    var mediaTypes: Set<MediaType> { [.plainText] }

    func load(_ file: SourceFile) throws -> Document {
        // The text loader decodes the bytes and fills in the file's identity (size, hash, time).
        var document = try TextLoader().load(file)
        let rows = document.text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map(String.init) }
        guard let header = rows.first else { return document }
        document.text = rows.dropFirst().map { row in
            zip(header, row).map { "\($0): \($1)" }.joined(separator: ", ") + "."
        }.joined(separator: "\n")
        document.mediaType = .plainText
        document.spans = [TextSpan(range: 0..<document.text.unicodeScalars.count)]
        return document
    }
}
