import Foundation
import RAGFlow
import Testing

@Suite("HTMLLoader")
struct HTMLLoaderTests {
    let loader = HTMLLoader()

    /// Text that only the Python documentation's navigation, sidebars and footer contain.
    static let pythonDocsBoilerplate = [
        "previous |", "next |", "modules |", "Navigation", "Quick search", "Show Source", "Report a Bug",
        "Table of Contents", "Previous topic", "Next topic", "This Page", "»", "©", "Found a bug?",
        "Created using Sphinx", "Theme", "¶",
    ]

    @Test(
        "keeps the text of Python documentation pages and none of their navigation",
        arguments: [
            ("library/json.html", "JSON (JavaScript Object Notation)", ["json — JSON encoder and decoder", "Basic Usage"]),
            ("tutorial/introduction.html", "Using Python as a Calculator", ["3. An Informal Introduction to Python", "3.1. Using Python as a Calculator"]),
            ("library/os.html", "This module provides a portable way of using operating system dependent functionality", ["os — Miscellaneous operating system interfaces", "Files and Directories"]),
            ("faq/general.html", "What is Python?", ["General Python FAQ", "General Information"]),
        ])
    func pythonDocs(page: String, phrase: String, headingPath: [String]) throws {
        let url = LoaderFixtures.pythonDocs.appendingPathComponent(page)
        let document = try loader.load(LoaderFixtures.source(url, relativePath: page))
        #expect(document.mediaType == .html)
        #expect(document.title?.hasSuffix("Python 3.11.2 documentation") == true)
        #expect(document.text.contains(phrase))
        for boilerplate in Self.pythonDocsBoilerplate {
            #expect(!document.text.contains(boilerplate), "\(page) contains \(boilerplate)")
        }
        #expect(document.text.hasPrefix(headingPath[0]))
        #expect(document.spans.contains { $0.headingPath.starts(with: headingPath) })
        #expect(document.spans.first?.range.lowerBound == 0)
        #expect(document.spans.last?.range.upperBound == document.text.unicodeScalars.count)
    }

    @Test("loads every page of the Python documentation without failing or keeping navigation")
    func allPythonDocs() throws {
        let pages = LoaderFixtures.files(under: LoaderFixtures.pythonDocs, extensions: ["html"])
        #expect(pages.count > 400)
        for url in pages {
            let document = try loader.load(LoaderFixtures.source(url))
            for boilerplate in ["previous |", "next |", "modules |", "Quick search", "Show Source"] {
                #expect(!document.text.contains(boilerplate), "\(url.path) contains \(boilerplate)")
            }
        }
    }

    @Test("honours a declared ISO-8859-1 charset")
    func latin1Charset() throws {
        let html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">
            <title>Crème brûlée</title></head><body><p>Déjà vu à Noël.</p></body></html>
            """
        let bytes = Data(html.unicodeScalars.map { UInt8($0.value) })
        let document = try loader.load(LoaderFixtures.write(bytes, named: "latin1.html"))
        #expect(document.title == "Crème brûlée")
        #expect(document.text == "Déjà vu à Noël.")
    }

    @Test("honours a declared Shift_JIS charset")
    func shiftJISCharset() throws {
        let html = """
            <html><head><meta charset="Shift_JIS"><title>蜂蜜の採り方</title></head>
            <body><h1>蜂蜜</h1><p>巣箱を開ける前に燻煙器を用意する。</p></body></html>
            """
        let utf8 = try LoaderFixtures.write(html, named: "utf8-source.html")
        let shiftJIS = try LoaderFixtures.run("iconv", ["-f", "UTF-8", "-t", "SHIFT_JIS", utf8.url.path])
        #expect(shiftJIS != Data(html.utf8))
        let document = try loader.load(LoaderFixtures.write(shiftJIS, named: "sjis.html"))
        #expect(document.title == "蜂蜜の採り方")
        #expect(document.text == "蜂蜜\n\n巣箱を開ける前に燻煙器を用意する。")
        #expect(document.spans.map(\.headingPath) == [["蜂蜜"]])
    }

    @Test("keeps headings, paragraphs, lists, pre blocks and table rows")
    func structure() throws {
        let html = """
            <html><head><title>T</title><style>p { color: red }</style></head><body>
            <h1>Guide</h1><p>First   paragraph
            spans lines.</p>
            <h2>Steps</h2><ol><li>Open</li><li>Close <b>firmly</b></li></ol>
            <ul><li>one</li><li>two</li></ul>
            <pre>  indented
                code</pre>
            <h2>Table</h2><table><tr><th>Month</th><th>Limit</th></tr><tr><td>June</td><td>2</td></tr></table>
            <h3>Deeper</h3><p>End<br>line</p>
            </body></html>
            """
        let document = try loader.load(LoaderFixtures.write(html, named: "structure.html"))
        #expect(document.text == """
            Guide

            First paragraph spans lines.

            Steps

            1. Open
            2. Close firmly

            - one
            - two

              indented
                code

            Table

            Month | Limit
            June | 2

            Deeper

            End
            line
            """)
        #expect(document.spans.map(\.headingPath) == [
            ["Guide"], ["Guide", "Steps"], ["Guide", "Table"], ["Guide", "Table", "Deeper"],
        ])
        #expect(document.text(of: document.spans[1]).hasPrefix("Steps"))
    }

    @Test("drops scripts, styles, navigation, page headers and footers, asides and forms")
    func boilerplate() throws {
        let html = """
            <html><head><title>Page</title><script>var secret = 1;</script></head><body>
            <header>SITE HEADER</header><nav>NAV LINKS</nav>
            <div role="navigation">ROLE NAV</div><div class="related">RELATED</div>
            <main><article><header><h1>Article title</h1></header><p>Body text.</p></article></main>
            <aside>SIDEBAR</aside><form><input value="FORM"><button>GO</button></form>
            <noscript>NOSCRIPT</noscript><footer>FOOTER</footer><div hidden>HIDDEN</div>
            </body></html>
            """
        let document = try loader.load(LoaderFixtures.write(html, named: "page.html"))
        #expect(document.text == "Article title\n\nBody text.")
        #expect(document.title == "Page")
    }

    @Test("does not resolve an external entity and reads no file")
    func externalEntity() throws {
        let secret = try LoaderFixtures.write("SECRET-MARKER-7731", named: "secret.txt")
        let html = """
            <?xml version="1.0"?>
            <!DOCTYPE html [<!ENTITY leak SYSTEM "\(secret.url.absoluteString)"><!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
            <html><body><p>before &leak; after</p></body></html>
            """
        for name in ["entity.html", "entity.xhtml"] {
            let document = try loader.load(LoaderFixtures.write(html, named: name))
            #expect(!document.text.contains("SECRET-MARKER"))
            #expect(document.text.contains("before"))
            #expect(document.text.contains("after"))
        }
    }

    @Test("survives 10,000 nested elements")
    func deepNesting() throws {
        let html = "<html><body><p>before</p>" + String(repeating: "<div><span>", count: 5_000) + "deep"
            + String(repeating: "</span></div>", count: 5_000) + "<p>after</p></body></html>"
        let document = try loader.load(LoaderFixtures.write(html, named: "deep.html"))
        #expect(document.text.hasPrefix("before"))
    }

    @Test("survives hostile input without crashing", arguments: 0..<8)
    func hostile(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let pieces = [
            "<", ">", "</", "<div", "<table>", "<tr>", "<td>", "&#", "&amp", "&#x110000;", "<![CDATA[", "]]>", "<!--",
            "-->", "<script>", "</script>", "\"", "'", "=", "<meta charset=\"ebcdic-xx\">", "<h1>", "</h1>", "\u{0}", "é",
            "<pre>", "<li>", "<ol start=\"-9999999999999\">", "<!DOCTYPE", "<?xml", "text ",
        ]
        var html = ""
        for _ in 0..<4_000 { html += pieces[Int(generator.next() % UInt64(pieces.count))] }
        let random = Data((0..<2_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        _ = try? loader.load(LoaderFixtures.write(html, named: "hostile.html"))
        _ = try? loader.load(LoaderFixtures.write(random, named: "random.html"))
    }
}
