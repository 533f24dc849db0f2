import Foundation
internal import CLibXML2

/// One element as an ``HTMLVisitor`` sees it: its lower-case name and its attributes.
struct HTMLElement {
    var name: String
    var attributes: [(name: String, value: String)]

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// Receives a parsed HTML tree in document order.
protocol HTMLVisitor {
    /// Called when an element opens; returning `false` skips its content (and its `exit`).
    mutating func enter(_ element: HTMLElement) -> Bool
    mutating func exit(_ name: String)
    /// Character data (text and CDATA), already decoded to Unicode.
    mutating func text(_ text: String)
}

/// An HTML document parsed by libxml2's HTML parser (`htmlReadMemory`), owned and freed here.
///
/// The parser runs without network access, error output or entity and DTD loading: the
/// process-wide external entity loader refuses every request, so no file or URL is ever read.
final class ParsedHTML {
    private let document: htmlDocPtr

    private static let setUp: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Parses `bytes`; the declared charset (or a byte-order mark) decides the encoding.
    /// Returns `nil` when libxml2 could not build any document.
    init?(bytes: Data) {
        _ = ParsedHTML.setUp
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        guard bytes.count <= Int(Int32.max) else { return nil }
        let parsed: htmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else {
                return htmlReadMemory("", 0, nil, nil, options)
            }
            return htmlReadMemory(base, Int32(raw.count), nil, nil, options)
        }
        guard let parsed else { return nil }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// Walks the tree without recursion, so arbitrarily deep documents cannot exhaust the stack.
    func walk<Visitor: HTMLVisitor>(_ visitor: inout Visitor) {
        let root = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var node = root.pointee.children
        while let current = node {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if visitor.enter(element(current)) {
                    if let child = current.pointee.children {
                        node = child
                        continue
                    }
                    visitor.exit(name(current))
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { visitor.text(String(cString: content)) }
            default:
                break
            }
            // Move on to the next sibling, closing every element we climb out of.
            var climbing = current
            node = nil
            while true {
                if let next = climbing.pointee.next {
                    node = next
                    break
                }
                guard let parent = climbing.pointee.parent, parent != root else { break }
                if parent.pointee.type == XML_ELEMENT_NODE { visitor.exit(name(parent)) }
                climbing = parent
            }
        }
    }

    private func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    private func element(_ node: xmlNodePtr) -> HTMLElement {
        var attributes: [(name: String, value: String)] = []
        var property = node.pointee.properties
        while let attribute = property {
            let name = attribute.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            var value = ""
            var child = attribute.pointee.children
            while let part = child {
                if let content = part.pointee.content { value += String(cString: content) }
                child = part.pointee.next
            }
            attributes.append((name, value))
            property = attribute.pointee.next
        }
        return HTMLElement(name: name(node), attributes: attributes)
    }
}
