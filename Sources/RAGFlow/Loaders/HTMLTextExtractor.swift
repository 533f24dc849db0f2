/// Turns a parsed HTML tree into readable text: block elements become paragraphs, list items and
/// table rows become lines, `pre` keeps its spacing, headings become sections, and navigation,
/// scripts, forms and other page furniture are left out.
struct HTMLTextExtractor: HTMLVisitor {
    private(set) var text = String.UnicodeScalarView()
    private(set) var length = 0
    private(set) var sections = SectionMap()
    private(set) var title: String?
    private(set) var firstHeading: String?

    /// Elements whose content is never document text.
    static let skippedElements: Set<String> = [
        "script", "style", "noscript", "nav", "footer", "aside", "form", "button", "select", "option",
        "textarea", "input", "label", "iframe", "object", "embed", "svg", "canvas", "template", "menu",
        "dialog", "map", "audio", "video", "link", "meta", "base",
    ]
    /// ARIA landmarks and widgets that hold navigation rather than content.
    static let skippedRoles: Set<String> = [
        "navigation", "search", "banner", "contentinfo", "complementary", "menu", "menubar", "toolbar",
    ]
    /// Class names of page furniture in common generators (Sphinx, as in the Python docs, and
    /// frequent theme conventions).
    static let skippedClasses: Set<String> = [
        "headerlink", "related", "sphinxsidebar", "sphinxsidebarwrapper", "footer", "mobile-nav", "sidebar",
        "navbar", "breadcrumb", "breadcrumbs", "skip-link", "copybutton",
    ]
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "main", "blockquote", "dl", "dt", "dd", "figure", "figcaption",
        "address", "ul", "ol", "table", "hr", "body", "center", "details", "summary", "fieldset", "caption",
        "header", "hgroup", "legend",
    ]
    /// Elements inside which a `header` belongs to the content (an article's own title block).
    static let sectioningElements: Set<String> = ["article", "main", "section"]

    private enum Break: Int, Comparable {
        case none, space, line, paragraph
        static func < (a: Break, b: Break) -> Bool { a.rawValue < b.rawValue }
    }

    private var pending = Break.none
    private var preformatted = 0
    private var sectioning = 0
    private var inHead = false
    private var titleText: String?
    private var heading: (level: Int, offset: Int?, text: String)?
    /// Open lists: the next item number for ordered lists, `nil` for bullets.
    private var lists: [Int?] = []
    /// Cells seen so far in each open table row.
    private var rows: [Int] = []

    mutating func enter(_ element: HTMLElement) -> Bool {
        let name = element.name
        if shouldSkip(element) { return false }
        if inHead && name != "title" { return false }
        switch name {
        case "head":
            inHead = true
        case "title":
            titleText = ""
        case "h1", "h2", "h3", "h4", "h5", "h6":
            request(.paragraph)
            if heading == nil { heading = (Int(String(name.dropFirst()))!, nil, "") }
        case "pre":
            request(.paragraph)
            preformatted += 1
        case "br":
            if preformatted > 0 { append("\n") } else { request(.line) }
        case "li":
            request(.line)
            if let number = lists.last {
                if let number {
                    lists[lists.count - 1] = number + 1
                    append("\(number). ")
                } else {
                    append("- ")
                }
            }
        case "ul", "menu":
            request(.paragraph)
            lists.append(nil)
        case "ol":
            request(.paragraph)
            lists.append(Int(element.attribute("start") ?? "") ?? 1)
        case "tr":
            request(.line)
            rows.append(0)
        case "td", "th":
            if let cells = rows.last {
                if cells > 0 { append(" | ") }
                rows[rows.count - 1] = cells + 1
            }
        case "img":
            if let alt = element.attribute("alt"), !alt.isEmpty { text(alt) }
        default:
            if Self.blockElements.contains(name) { request(.paragraph) }
        }
        if Self.sectioningElements.contains(name) { sectioning += 1 }
        return true
    }

    mutating func exit(_ name: String) {
        switch name {
        case "head":
            inHead = false
        case "title":
            title = titleText.map(collapsed)
            titleText = nil
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if let open = heading, open.level == Int(String(name.dropFirst())) {
                let title = collapsed(open.text)
                if !title.isEmpty {
                    sections.add(offset: open.offset ?? length, level: open.level, title: title)
                    if firstHeading == nil, open.level == 1 { firstHeading = title }
                }
                heading = nil
            }
            request(.paragraph)
        case "pre":
            preformatted -= 1
            request(.paragraph)
        case "ul", "ol", "menu":
            if !lists.isEmpty { lists.removeLast() }
            request(.paragraph)
        case "tr":
            if !rows.isEmpty { rows.removeLast() }
            request(.line)
        case "li":
            request(.line)
        default:
            if Self.blockElements.contains(name) { request(.paragraph) }
        }
        if Self.sectioningElements.contains(name) { sectioning -= 1 }
    }

    mutating func text(_ content: String) {
        if titleText != nil {
            titleText! += content
            return
        }
        if inHead { return }
        heading?.text += content
        if preformatted > 0 {
            append(content)
            return
        }
        var word = ""
        for scalar in content.unicodeScalars {
            if scalar.isWhitespaceQuick {
                if !word.isEmpty { append(word); word = "" }
                request(.space)
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { append(word) }
    }

    private func shouldSkip(_ element: HTMLElement) -> Bool {
        if Self.skippedElements.contains(element.name) { return true }
        if element.name == "header" && sectioning == 0 { return true }
        if element.attribute("hidden") != nil || element.attribute("aria-hidden") == "true" { return true }
        if let role = element.attribute("role"), Self.skippedRoles.contains(role.lowercased()) { return true }
        if let classes = element.attribute("class"),
            classes.split(whereSeparator: \.isWhitespace).contains(where: { Self.skippedClasses.contains($0.lowercased()) }) {
            return true
        }
        return false
    }

    private mutating func request(_ separator: Break) {
        pending = max(pending, separator)
    }

    /// Appends text, first writing the strongest separator requested since the last text.
    private mutating func append(_ content: String) {
        guard !content.isEmpty else { return }
        if length > 0 {
            switch pending {
            case .none: break
            case .space: write(" ")
            case .line: write("\n")
            case .paragraph: write("\n\n")
            }
        }
        pending = .none
        if heading != nil, heading!.offset == nil { heading!.offset = length }
        write(content)
    }

    private mutating func write(_ content: String) {
        text.append(contentsOf: content.unicodeScalars)
        length += content.unicodeScalars.count
    }

    private func collapsed(_ content: String) -> String {
        content.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
