/// One message of a conversation, before a chat template renders it for a model.
public struct PromptMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// The messages to send a generator for one question, and which sources they number.
public struct Prompt: Sendable, Hashable {
    /// A system message then a user message.
    public var messages: [PromptMessage]
    /// The sources in the prompt, best first: `[n]` refers to `sources[n - 1]`. A truncated
    /// source carries the text the prompt shows, a prefix of the chunk.
    public var sources: [RetrievedChunk]
    /// Numbers (n) of the sources whose text was cut to fit.
    public var truncated: [Int]
    /// Sources left out for want of room, best first.
    public var dropped: [RetrievedChunk]
    /// Tokens the messages take by the builder's count, chat-template overhead included.
    public var tokenCount: Int
}
