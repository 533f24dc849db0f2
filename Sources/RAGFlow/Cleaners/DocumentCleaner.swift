/// Rewrites a document's text, keeping its page and section map exact: after cleaning, every
/// character still knows its page.
public protocol DocumentCleaner: Sendable {
    func clean(_ document: Document) throws -> Document
}
