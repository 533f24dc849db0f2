import ArgumentParser
import Foundation
import LlamaEngine

/// `ragflow model tokenize`: the token ids a model's tokenizer gives the text on standard input.
struct ModelTokenize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Token ids of the text on standard input (with BOS where the model adds it).")

    @Option(help: "The GGUF model file.") var model: String
    @Flag(help: "Print the ids as a JSON array.") var json = false
    @Flag(help: "Recognise special tokens written in the text (<|eot_id|>...).") var parseSpecial = false
    @Flag(help: "Leave out BOS/EOS.") var noSpecial = false

    func run() async throws {
        let file = try GGUFFile(path: model)
        let tokenizer = try TokenVocabulary(gguf: file).makeTokenizer()
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let ids = tokenizer.encode(input, addSpecialTokens: !noSpecial, parseSpecial: parseSpecial)
        let list = ids.map(String.init)
        print(json ? "[" + list.joined(separator: ", ") + "]" : list.joined(separator: " "))
    }
}
