import Foundation
import LlamaEngine
import Testing

/// Goldens rendered by Jinja2 configured as Hugging Face configures it
/// (Fixtures/make_chat_template_fixtures.py), for the real templates of each model family.
private enum ChatFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func json(_ name: String) throws -> JinjaValue {
        try JinjaJSON.decode(String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }

    static func template(_ name: String) throws -> ChatTemplate {
        try ChatTemplate(source: String(
            contentsOf: directory.appendingPathComponent("templates/\(name).jinja"), encoding: .utf8))
    }

    static let families = ["llama2", "llama3", "llama3.1", "llama3.2", "chatml", "qwen2.5", "smollm2", "mistral-v0.1",
                           "mixtral", "gemma", "phi3"]
}

private func object(_ value: JinjaValue) -> [String: JinjaValue] {
    guard case .object(let o) = value else { return [:] }
    return Dictionary(uniqueKeysWithValues: o.keys.map { ($0, o[$0]) })
}

private func string(_ value: JinjaValue?) -> String {
    if case .string(let s)? = value { return s }
    return ""
}

@Test("real chat templates render byte-identically to Jinja2", arguments: ChatFixtures.families)
func chatTemplateMatchesJinja(family: String) throws {
    let goldens = object(try ChatFixtures.json("goldens.json"))
    let conversations = object(try ChatFixtures.json("conversations.json"))
    let template = try ChatFixtures.template(family)
    let cases = object(goldens[family] ?? .undefined)
    #expect(cases.count == conversations.count)
    for (name, expected) in cases {
        let conversation = object(conversations[name] ?? .undefined)
        var extra = object(conversation["extra"] ?? .undefined)
        // The oracle had no strftime_now: make the templates take their fixed-date branch.
        extra["strftime_now"] = .undefined
        let golden = object(expected)
        func render(_ generation: Bool) throws -> String {
            try template.render(
                messages: conversation["messages"] ?? .array([]), addGenerationPrompt: generation,
                bosToken: string(golden["bos"]), eosToken: string(golden["eos"]), extra: extra)
        }
        if let error = golden["error"] {
            #expect(throws: JinjaError.self, "\(family)/\(name) should fail with \(string(error))") { try render(true) }
            continue
        }
        #expect(try render(true) == string(golden["prompt"]), "\(family)/\(name) with generation prompt")
        #expect(try render(false) == string(golden["full"]), "\(family)/\(name) without generation prompt")
    }
}

@Test("the built-in templates parse and render a conversation")
func builtInTemplatesRender() throws {
    for name in ChatTemplate.builtIn.keys.sorted() {
        let template = try #require(ChatTemplate(builtIn: name))
        let text = try template.render([.system("S"), .user("U")], addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>")
        #expect(text.contains("U"), "\(name)")
    }
}

@Test("whitespace control, loops, namespaces, macros and filters behave as in Jinja")
func jinjaFeatures() throws {
    func render(_ source: String, _ extra: [String: JinjaValue] = [:]) throws -> String {
        try ChatTemplate(source: source).render([], addGenerationPrompt: false, extra: extra)
    }
    #expect(try render("{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}") == "10")
    #expect(try render("{% for x in xs %}{{ loop.index }}{{ ',' if not loop.last }}{% endfor %}", ["xs": [1, 2, 3]]) == "1,2,3")
    #expect(try render("{% macro greet(name, p='Hi') %}{{ p }} {{ name }}{% endmacro %}{{ greet('Ann') }}|{{ greet('Bo', p='Yo') }}") == "Hi Ann|Yo Bo")
    #expect(try render("{{ '  a b  ' | trim | upper }}|{{ 'abc'[::-1] }}|{{ [1,2,3][1:] }}|{{ 'x' ~ 1 ~ none }}") == "A B|cba|[2, 3]|x1None")
    #expect(try render("  {%- if true -%}  yes  {%- endif -%}  !") == "yes!")
    #expect(try render("a\n    {% if true %}\n    b\n    {% endif %}\nc") == "a\n    b\nc")
    #expect(try render("{{ {'b': 1, 'a': [true, none, 1.5]} | tojson }}") == #"{"b": 1, "a": [true, null, 1.5]}"#)
    #expect(try render("{% for x in [1,2,3,4] %}{% if x == 3 %}{% break %}{% endif %}{{ x }}{% endfor %}") == "12")
    #expect(try render("{{ xs | selectattr('k', 'equalto', 2) | map(attribute='v') | join('-') }}",
                       ["xs": [["k": 1, "v": "a"], ["k": 2, "v": "b"], ["k": 2, "v": "c"]]]) == "b-c")
    #expect(throws: JinjaError.self) { try render("{{ raise_exception('no') }}") }
}
