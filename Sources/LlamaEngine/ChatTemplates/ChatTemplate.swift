/// One turn of a conversation.
public struct ChatMessage: Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: "assistant", content: content) }
}

/// A model's chat template (`tokenizer.chat_template`, Jinja), parsed once and rendered for each
/// conversation exactly as Hugging Face's `apply_chat_template` renders it (Jinja with
/// `trim_blocks` and `lstrip_blocks`, `raise_exception`, `tojson`, `strftime_now`).
///
/// ```swift
/// let template = try ChatTemplate(source: file.string(.chatTemplate) ?? ChatTemplate.builtIn["chatml"]!)
/// let prompt = try template.render(
///     [.system("Be brief."), .user("Hi")], addGenerationPrompt: true,
///     bosToken: "<|begin_of_text|>", eosToken: "<|eot_id|>")
/// ```
///
/// To override a model's template, pass any Jinja text (read from a file) or one of the named
/// `builtIn` templates.
public struct ChatTemplate: Sendable {
    public let source: String
    private let nodes: [JinjaNode]

    public init(source: String) throws {
        self.source = source
        var parser = try JinjaParser(source: source)
        nodes = try parser.parse()
    }

    /// The template named `name` among the built-ins, or nil.
    public init?(builtIn name: String) {
        guard let source = Self.builtIn[name], let template = try? ChatTemplate(source: source) else { return nil }
        self = template
    }

    /// Renders `messages` with the usual variables: `messages`, `add_generation_prompt`,
    /// `bos_token`, `eos_token`, plus any `extra` ones (`tools`, `date_string`...).
    public func render(
        _ messages: [ChatMessage], addGenerationPrompt: Bool, bosToken: String = "", eosToken: String = "",
        extra: [String: JinjaValue] = [:]
    ) throws -> String {
        let list = JinjaValue.array(messages.map { .object(JinjaObject([("role", .string($0.role)), ("content", .string($0.content))])) })
        return try render(messages: list, addGenerationPrompt: addGenerationPrompt, bosToken: bosToken, eosToken: eosToken, extra: extra)
    }

    /// Renders messages given as template values (for tool calls and other structured content).
    public func render(
        messages: JinjaValue, addGenerationPrompt: Bool, bosToken: String = "", eosToken: String = "",
        extra: [String: JinjaValue] = [:]
    ) throws -> String {
        var globals = extra
        globals["messages"] = messages
        globals["add_generation_prompt"] = .bool(addGenerationPrompt)
        globals["bos_token"] = .string(bosToken)
        globals["eos_token"] = .string(eosToken)
        return try JinjaInterpreter(globals: globals).render(nodes)
    }

    /// Templates selectable by name when a model has none or the user overrides it.
    public static let builtIn: [String: String] = [
        "chatml": """
            {%- for message in messages -%}
              {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
              {{- '<|im_start|>assistant\\n' -}}
            {%- endif -%}
            """,
        "llama3": """
            {{- bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}
            """,
        "llama2": """
            {% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}
            """,
        "gemma": """
            {{ bos_token }}{% for message in messages %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = 'user' %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}
            """,
        "phi3": """
            {% for message in messages %}{{'<|' + message['role'] + '|>\\n' + message['content'] + '<|end|>\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% else %}{{ eos_token }}{% endif %}
            """,
        "mistral": """
            {{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}
            """,
    ]
}
