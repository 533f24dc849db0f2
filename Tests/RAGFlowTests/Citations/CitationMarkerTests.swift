import RAGFlow
import Testing

private func numbers(_ text: String) -> [[Int]] {
    CitationMarker.find(in: text).map(\.numbers)
}

@Test("single, adjacent, listed and ranged citation markers are all found")
func citationMarkerForms() {
    #expect(numbers("Bash reads ~/.bashrc [1].") == [[1]])
    #expect(numbers("Both apply [1][2].") == [[1], [2]])
    #expect(numbers("Both apply [1, 2] and [3; 4].") == [[1, 2], [3, 4]])
    #expect(numbers("All of them [2-4] or [5\u{2013}6].") == [[2, 3, 4], [5, 6]])
    #expect(numbers("Glued to the word[3].") == [[3]])
}

@Test("brackets that are code, variables or not numbers are not citations")
func citationMarkerNonCitations() {
    #expect(numbers("Use `argv[1]` for the first argument.").isEmpty)
    #expect(numbers("```\nx = a[1]\ny = b[2]\n```\nDone [3].") == [[3]])
    #expect(numbers("The expansion ${names[1]} and $a[2] and x_1[2] and x1[2].").isEmpty)
    #expect(numbers("Options [a], [], [1,], [1 2], [4-2], [1-99] and [-1].").isEmpty)
}

@Test("removing markers leaves the sentence readable")
func citationMarkerRemoval() {
    #expect(CitationMarker.removingMarkers(from: "Bash is a shell [1][2].") == "Bash is a shell.")
    #expect(CitationMarker.removingMarkers(from: "It is, [1, 2] in short,\nfree [3].") == "It is, in short, free.")
}
