import Foundation

/// A BERT vocabulary read from a Hugging Face directory (`tokenizer.json`, or `vocab.txt` with
/// `tokenizer_config.json`) and put in the form llama.cpp's converter writes to GGUF: pieces
/// with the phantom space (`play` → `▁play`, `##ing` → `ing`, control tokens unchanged),
/// GGUF token types, special token ids and normaliser flags.
package struct HuggingFaceVocabulary: Sendable {
    /// GGUF token types (`llama_token_type`).
    package enum TokenType: Int32, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5
    }

    /// Pieces in GGUF form, indexed by token id.
    package var tokens: [String]
    package var tokenTypes: [TokenType]
    package var classifier: Int32
    package var separator: Int32
    package var unknown: Int32
    package var padding: Int32
    package var mask: Int32?
    package var lowercase: Bool
    /// nil when the files leave it to follow `lowercase`.
    package var stripAccents: Bool?

    /// The tokenizer this vocabulary describes, truncating at `maxSequenceLength`.
    package func tokenizer(maxSequenceLength: Int? = nil) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(
            tokens: tokens, tokenTypes: tokenTypes.map(\.rawValue),
            specialTokens: .init(
                classifier: classifier, separator: separator, unknown: unknown, padding: padding),
            configuration: .init(
                lowercase: lowercase, stripAccents: stripAccents,
                maxSequenceLength: maxSequenceLength))
    }

    /// Reads the vocabulary of the model in `directory`; `vocabularySize` (config.json's
    /// `vocab_size`) pads missing ids with `[PAD<id>]` as llama.cpp does.
    package init(directory: URL, vocabularySize: Int?) throws {
        let tokenizerJSON = directory.appendingPathComponent("tokenizer.json")
        let config = try Self.readTokenizerConfig(directory)
        var vocabulary: [String: Int] = [:]
        var added: [(content: String, id: Int, special: Bool)] = []
        var lowercase = config.doLowerCase ?? true
        var stripAccents = config.stripAccents
        if FileManager.default.fileExists(atPath: tokenizerJSON.path) {
            let file = try JSONDecoder().decode(
                TokenizerJSON.self, from: Self.read(tokenizerJSON))
            guard file.model.type == "WordPiece" else {
                throw LlamaEngineError(
                    .unsupported, "tokenizer model is \(file.model.type), not WordPiece",
                    path: tokenizerJSON.path, key: "model.type")
            }
            vocabulary = file.model.vocab
            added = (file.addedTokens ?? []).map { ($0.content, $0.id, $0.special) }
            if let normalizer = file.normalizer, normalizer.type == "BertNormalizer" {
                lowercase = normalizer.lowercase ?? lowercase
                stripAccents = normalizer.stripAccents
            }
        } else {
            let vocabTXT = directory.appendingPathComponent("vocab.txt")
            let text = String(decoding: try Self.read(vocabTXT), as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            for (id, line) in lines.enumerated() {
                let token = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
                if vocabulary[token] == nil { vocabulary[token] = id }
            }
            for name in config.specialTokens.compactMap({ $0 }) {
                if let id = vocabulary[name] { added.append((name, id, true)) }
            }
        }
        let count = max(vocabularySize ?? 0, (vocabulary.values.max() ?? -1) + 1)
        var tokens = (0..<count).map { "[PAD\($0)]" }
        var types = [TokenType](repeating: .unused, count: count)
        for (token, id) in vocabulary where id >= 0 && id < count {
            tokens[id] = token
            types[id] = .normal
        }
        for token in added where token.id >= 0 && token.id < count {
            tokens[token.id] = token.content
            types[token.id] = token.special ? .control : .userDefined
        }
        for id in 0..<count where types[id] == .normal || types[id] == .userDefined {
            // Scalar-wise: a combining mark after "##" would join the "#" as one Character.
            let scalars = tokens[id].unicodeScalars
            tokens[id] = scalars.starts(with: "##".unicodeScalars)
                ? String(scalars.dropFirst(2)) : "\u{2581}" + tokens[id]
        }
        func id(of name: String?, default fallback: String) throws -> Int32 {
            let name = name ?? fallback
            guard let id = vocabulary[name] ?? added.first(where: { $0.content == name })?.id else {
                throw LlamaEngineError(
                    .missing, "special token \(name) is not in the vocabulary",
                    path: directory.path)
            }
            return Int32(id)
        }
        self.tokens = tokens
        self.tokenTypes = types
        self.classifier = try id(of: config.clsToken, default: "[CLS]")
        self.separator = try id(of: config.sepToken, default: "[SEP]")
        self.unknown = try id(of: config.unkToken, default: "[UNK]")
        self.padding = try id(of: config.padToken, default: "[PAD]")
        self.mask = try? id(of: config.maskToken, default: "[MASK]")
        self.lowercase = lowercase
        self.stripAccents = stripAccents
    }

    private static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw LlamaEngineError(.io, "cannot read: \(error.localizedDescription)", path: url.path)
        }
    }

    private static func readTokenizerConfig(_ directory: URL) throws -> TokenizerConfig {
        let url = directory.appendingPathComponent("tokenizer_config.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return TokenizerConfig() }
        do {
            return try JSONDecoder().decode(TokenizerConfig.self, from: read(url))
        } catch let error as DecodingError {
            throw LlamaEngineError(.malformedFile, "\(error)", path: url.path)
        }
    }
}

/// The parts of `tokenizer.json` a BERT vocabulary needs.
private struct TokenizerJSON: Decodable {
    struct Model: Decodable {
        var type: String
        var vocab: [String: Int]
    }
    struct AddedToken: Decodable {
        var id: Int
        var content: String
        var special: Bool
    }
    struct Normalizer: Decodable {
        var type: String
        var lowercase: Bool?
        var stripAccents: Bool?

        enum CodingKeys: String, CodingKey {
            case type, lowercase
            case stripAccents = "strip_accents"
        }
    }

    var model: Model
    var addedTokens: [AddedToken]?
    var normalizer: Normalizer?

    enum CodingKeys: String, CodingKey {
        case model, normalizer
        case addedTokens = "added_tokens"
    }
}

/// The parts of `tokenizer_config.json` a BERT vocabulary needs. Special tokens are strings
/// or `{"content": ...}` objects.
private struct TokenizerConfig: Decodable {
    var doLowerCase: Bool?
    var stripAccents: Bool?
    var clsToken: String?
    var sepToken: String?
    var unkToken: String?
    var padToken: String?
    var maskToken: String?

    var specialTokens: [String?] {
        [padToken ?? "[PAD]", unkToken ?? "[UNK]", clsToken ?? "[CLS]", sepToken ?? "[SEP]",
         maskToken ?? "[MASK]"]
    }

    init() {}

    enum CodingKeys: String, CodingKey {
        case doLowerCase = "do_lower_case"
        case stripAccents = "strip_accents"
        case clsToken = "cls_token"
        case sepToken = "sep_token"
        case unkToken = "unk_token"
        case padToken = "pad_token"
        case maskToken = "mask_token"
    }

    private struct Content: Decodable { var content: String }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        doLowerCase = try? container.decodeIfPresent(Bool.self, forKey: .doLowerCase)
        stripAccents = try? container.decodeIfPresent(Bool.self, forKey: .stripAccents)
        func token(_ key: CodingKeys) -> String? {
            if let text = try? container.decodeIfPresent(String.self, forKey: key) { return text }
            return (try? container.decodeIfPresent(Content.self, forKey: key))?.content
        }
        clsToken = token(.clsToken)
        sepToken = token(.sepToken)
        unkToken = token(.unkToken)
        padToken = token(.padToken)
        maskToken = token(.maskToken)
    }
}
