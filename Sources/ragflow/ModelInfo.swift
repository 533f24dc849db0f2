import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow model info FILE`: architecture, sizes, tensor types and tokenizer of a GGUF file.
struct ModelInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show a GGUF model's architecture, sizes, tensor types and tokenizer.")

    @Argument(help: "The GGUF file.")
    var file: String

    func run() async throws {
        let gguf: GGUFFile
        do {
            gguf = try GGUFFile(contentsOf: URL(fileURLWithPath: file))
        } catch let error as LlamaEngineError {
            throw CommandExit(1, "error: \(error)")
        }
        for (label, value) in Self.describe(gguf) {
            print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
    }

    /// Label and value lines; keys the file lacks are left out.
    static func describe(_ file: GGUFFile) -> [(String, String)] {
        var lines: [(String, String)] = []
        let megabytes = String(format: "%.1f MB", Double(file.fileSize) / 1_000_000)
        lines.append(("file", "\(file.path) (\(megabytes), GGUF v\(file.version))"))
        let arch = (try? file.string(.architecture)) ?? nil
        lines.append(("architecture", arch ?? "unknown"))
        if let name = try? file.string(.modelName) { lines.append(("name", name)) }
        if let fileType = try? file.int(.fileType) { lines.append(("file type", "\(fileType)")) }
        let parameters = file.tensorInfos.reduce(0) { $0 + $1.elementCount }
        lines.append(("parameters", String(format: "%.2f M", Double(parameters) / 1_000_000)))
        if let arch {
            let sizes: [(String, GGUFKey)] = [
                ("context", .contextLength(arch)), ("embedding", .embeddingLength(arch)),
                ("layers", .blockCount(arch)), ("heads", .headCount(arch)),
                ("kv heads", .headCountKV(arch)), ("feed-forward", .feedForwardLength(arch)),
            ]
            for (label, key) in sizes {
                if let value = try? file.int(key) { lines.append((label, "\(value)")) }
            }
            if let epsilon = try? file.float(.layerNormEpsilon(arch)) {
                lines.append(("norm epsilon", "\(epsilon)"))
            }
            if let causal = try? file.bool(.causal(arch)) { lines.append(("causal", "\(causal)")) }
            if let pooling = try? file.int(.poolingType(arch)) {
                lines.append(("pooling", BertPooling(rawValue: pooling)?.description ?? "\(pooling)"))
            }
        }
        var byType: [String: (count: Int, bytes: Int)] = [:]
        for info in file.tensorInfos {
            let entry = byType[info.type.description] ?? (0, 0)
            byType[info.type.description] = (entry.count + 1, entry.bytes + info.byteCount)
        }
        let types = byType.sorted { $0.value.bytes > $1.value.bytes }.map {
            "\($0.key) ×\($0.value.count) (\(String(format: "%.1f", Double($0.value.bytes) / 1_000_000)) MB)"
        }
        lines.append(("tensors", "\(file.tensorInfos.count): " + types.joined(separator: ", ")))
        lines.append(("tokenizer", tokenizerSummary(file)))
        return lines
    }

    private static func tokenizerSummary(_ file: GGUFFile) -> String {
        guard let model = try? file.string(.tokenizerModel) else { return "none" }
        var parts = [model == "bert" ? "bert (WordPiece)" : model]
        let tokens = (try? file.strings(.tokens)) ?? nil
        if let tokens { parts.append("\(tokens.count) tokens") }
        if let pre = try? file.string(.tokenizerPre) { parts.append("pre \(pre)") }
        let specials: [(String, GGUFKey)] = [
            ("bos", .bosTokenID), ("eos", .eosTokenID), ("sep", .separatorTokenID),
            ("unk", .unknownTokenID), ("pad", .paddingTokenID), ("mask", .maskTokenID),
        ]
        for (label, key) in specials {
            guard let id = try? file.int(key) else { continue }
            let text = tokens.flatMap { id >= 0 && id < $0.count ? $0[id] : nil } ?? "?"
            parts.append("\(label) \(id) \(text)")
        }
        if let lowercase = try? file.bool(.normalizerLowercase) {
            parts.append(lowercase ? "lowercase" : "cased")
        }
        return parts.joined(separator: ", ")
    }
}
