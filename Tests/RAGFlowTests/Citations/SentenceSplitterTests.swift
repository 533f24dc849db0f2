import RAGFlow
import Testing

private func sentences(_ text: String) -> [String] {
    SentenceSplitter.sentences(in: text).map { String(text[$0]) }
}

@Test("abbreviations, initials and decimals do not end a sentence")
func splitterAbbreviations() {
    #expect(sentences("Use a tool, e.g. Bash or Zsh. It works.") == ["Use a tool, e.g. Bash or Zsh.", "It works."])
    #expect(sentences("Some shells (i.e. Bash) read it. Dr. Smith agrees.") == ["Some shells (i.e. Bash) read it.", "Dr. Smith agrees."])
    #expect(sentences("Written by J. R. R. Tolkien. Published 1954.") == ["Written by J. R. R. Tolkien.", "Published 1954."])
    #expect(sentences("Pi is 3.14159 roughly. Version 1.2.3 fixed it.") == ["Pi is 3.14159 roughly.", "Version 1.2.3 fixed it."])
    #expect(sentences("See the U.S. Code for details. Then stop.") == ["See the U.S. Code for details.", "Then stop."])
}

@Test("paths, file names and inline code do not end a sentence")
func splitterCode() {
    #expect(sentences("Run ./configure. Then make.") == ["Run ./configure.", "Then make."])
    #expect(sentences("Edit config.json now. Then restart.") == ["Edit config.json now.", "Then restart."])
    #expect(sentences("Type `cd .. Then ls` to move. Done.") == ["Type `cd .. Then ls` to move.", "Done."])
    let fenced = "Run this:\n```\necho done. Next\nexit 0\n```\nIt prints done."
    #expect(sentences(fenced) == ["Run this:", "```\necho done. Next\nexit 0\n```", "It prints done."])
}

@Test("lists, blank lines and questions split; lower case after a stop does not")
func splitterBlocks() {
    #expect(sentences("Steps\n1. Open it.\n2. Close it.") == ["Steps", "1. Open it.", "2. Close it."])
    #expect(sentences("Options:\n- fast\n- safe") == ["Options:", "- fast", "- safe"])
    #expect(sentences("A heading\n\nBody text here") == ["A heading", "Body text here"])
    #expect(sentences("Is it free? Yes! Wait... what about fees.") == ["Is it free?", "Yes!", "Wait... what about fees."])
    #expect(sentences("The value is 3 vs. 4 here. ok then.") == ["The value is 3 vs. 4 here. ok then."])
}

@Test("citation markers stay with the sentence they follow")
func splitterCitations() {
    #expect(sentences("It is free. [1] It is old [2].") == ["It is free. [1]", "It is old [2]."])
    #expect(sentences("bash reads it [1]. bash -c runs it [2].") == ["bash reads it [1].", "bash -c runs it [2]."])
    #expect(sentences("He said \"stop.\" [3] Then left.") == ["He said \"stop.\" [3]", "Then left."])
}

@Test("sentences of a real license are verbatim, ordered and lose no text")
func splitterOnLicenses() throws {
    for name in RealText.licenseNames {
        let text = try RealText.license(name)
        let ranges = SentenceSplitter.sentences(in: text)
        #expect(ranges.count > 50)
        var covered = text.startIndex
        var kept = ""
        for range in ranges {
            #expect(range.lowerBound >= covered)
            #expect(!text[range].isEmpty)
            #expect(text[covered..<range.lowerBound].allSatisfy { $0.isWhitespace })
            covered = range.upperBound
            kept += text[range]
        }
        #expect(text[covered...].allSatisfy { $0.isWhitespace })
        #expect(kept.filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace })
    }
    let gpl = sentences(try RealText.license("GPL-3"))
    #expect(gpl.contains("For example, if you distribute copies of such a program, whether\ngratis or for a fee, you must pass on to the recipients the same\nfreedoms that you received."))
    #expect(gpl.contains("You must make sure that they, too, receive\nor can get the source code."))
}
