/// A BERT encoder's hyper-parameters and weights, read from a GGUF file with llama.cpp's BERT
/// keys and tensor names. Layer matrices are held as F32 (see `matrix` in `init`); token
/// embeddings stay in the file's type, memory-mapped, and only looked-up rows are
/// dequantised; vectors (biases, norms) and the small embedding tables are read as floats.
struct BertModel: Sendable {
    struct Layer: Sendable {
        var query: WeightMatrix  // [hidden, hidden], F32
        var key: WeightMatrix  // [hidden, hidden]
        var value: WeightMatrix  // [hidden, hidden]
        var queryBias: [Float]  // [hidden]
        var keyBias: [Float]  // [hidden]
        var valueBias: [Float]  // [hidden]
        var attentionOutput: WeightMatrix  // [hidden, hidden]
        var attentionOutputBias: [Float]  // [hidden]
        var attentionNorm: (weight: [Float], bias: [Float])  // [hidden] each
        var up: WeightMatrix  // [hidden → feedForward]
        var upBias: [Float]  // [feedForward]
        var down: WeightMatrix  // [feedForward → hidden]
        var downBias: [Float]  // [hidden]
        var outputNorm: (weight: [Float], bias: [Float])  // [hidden] each
    }

    var hidden: Int
    var headCount: Int
    var feedForward: Int
    var contextLength: Int
    var epsilon: Float
    var pooling: BertPooling
    var tokenEmbeddings: GGUFTensor  // [vocabulary][hidden], rows dequantised on lookup
    var positionEmbeddings: [Float]  // [contextLength][hidden]
    var tokenTypeZero: [Float]  // [hidden]: every token is of type 0 ("sentence A")
    var embeddingNorm: (weight: [Float], bias: [Float])  // [hidden] each
    var layers: [Layer]

    var headDimension: Int { hidden / headCount }

    /// `tiles`: give every layer matrix the AMX tile copy that a question's few tokens
    /// multiply with (see `BF16TileWeights`); false keeps the FMA kernel, for comparisons.
    init(file: GGUFFile, tiles: Bool = true) throws {
        let arch = try file.requiredString(.architecture)
        guard arch == BertConverter.architecture else {
            throw LlamaEngineError(
                .unsupported, "architecture \(arch), expected bert", path: file.path,
                key: GGUFKey.architecture.name)
        }
        hidden = try file.requiredInt(.embeddingLength(arch))
        headCount = try file.requiredInt(.headCount(arch))
        feedForward = try file.requiredInt(.feedForwardLength(arch))
        contextLength = try file.requiredInt(.contextLength(arch))
        epsilon = try file.float(.layerNormEpsilon(arch)) ?? 1e-12
        let poolingValue = try file.int(.poolingType(arch)) ?? BertPooling.mean.rawValue
        guard let pooling = BertPooling(rawValue: poolingValue) else {
            throw LlamaEngineError(
                .unsupported, "pooling type \(poolingValue) (mean 1, cls 2, last 3 supported)",
                path: file.path, key: GGUFKey.poolingType(arch).name)
        }
        self.pooling = pooling
        guard headCount > 0, hidden % headCount == 0 else {
            throw LlamaEngineError(
                .mismatch, "\(hidden) not divisible into \(headCount) heads", path: file.path,
                key: GGUFKey.headCount(arch).name)
        }
        let hidden = hidden
        func vector(_ name: String, _ count: Int) throws -> [Float] {
            let tensor = try file.requiredTensor(name)
            guard tensor.info.elementCount == count else {
                throw LlamaEngineError(
                    .mismatch, "shape \(tensor.shape), expected \(count) values", path: file.path,
                    tensor: name)
            }
            return try tensor.floats()
        }
        func matrix(_ name: String, columns: Int, rows: Int) throws -> WeightMatrix {
            let tensor = try file.requiredTensor(name)
            guard tensor.shape.count == 2, tensor.shape[0] == columns, tensor.shape[1] == rows else {
                throw LlamaEngineError(
                    .mismatch, "shape \(tensor.shape), expected [\(columns), \(rows)]",
                    path: file.path, tensor: name)
            }
            let copy = tiles ? Self.tileCopy(of: tensor, columns: columns, rows: rows) : nil
            if tensor.type == .f32 {
                return try WeightMatrix(tensor, repack: false, kernels: .best, tiles: copy, pool: .shared)
            }
            // Quantized and F16 matrices are expanded to F32 once, here. An encoder multiplies
            // whole batches of tokens, where OpenBLAS's sgemm on F32 is the fastest product
            // we have, and float activations avoid the Q8 activation rounding that alone
            // costs Q8_0 files a cosine of about 0.998 on short texts. BERT encoders are
            // small (all-MiniLM-L6-v2: 43 MB of F32 matrices).
            let values = try tensor.floats()
            return try WeightMatrix(
                type: .f32, rows: rows, columns: columns,
                bytes: values.withUnsafeBytes { Array($0) }, kernels: .best,
                tiles: tiles ? copy ?? Self.tileCopy(of: values, columns: columns, rows: rows) : nil)
        }
        func norm(_ base: String) throws -> (weight: [Float], bias: [Float]) {
            (try vector(base + ".weight", hidden), try vector(base + ".bias", hidden))
        }

        tokenEmbeddings = try file.requiredTensor(BertTensorNames.tokenEmbeddings)
        guard tokenEmbeddings.shape.count == 2, tokenEmbeddings.shape[0] == hidden else {
            throw LlamaEngineError(
                .mismatch, "shape \(tokenEmbeddings.shape), expected [\(hidden), vocabulary]",
                path: file.path, tensor: BertTensorNames.tokenEmbeddings)
        }
        let positions = try file.requiredTensor(BertTensorNames.positionEmbeddings)
        guard positions.shape.count == 2, positions.shape[0] == hidden else {
            throw LlamaEngineError(
                .mismatch, "shape \(positions.shape), expected [\(hidden), positions]",
                path: file.path, tensor: BertTensorNames.positionEmbeddings)
        }
        contextLength = min(contextLength, positions.shape[1])
        positionEmbeddings = try positions.floats()
        let types = try file.requiredTensor(BertTensorNames.tokenTypeEmbeddings)
        guard types.shape[0] == hidden else {
            throw LlamaEngineError(
                .mismatch, "shape \(types.shape), expected [\(hidden), types]",
                path: file.path, tensor: BertTensorNames.tokenTypeEmbeddings)
        }
        tokenTypeZero = Array(try types.floats().prefix(hidden))
        embeddingNorm = try norm(BertTensorNames.embeddingNorm)

        let layerCount = try file.requiredInt(.blockCount(arch))
        let feedForward = feedForward
        layers = try (0..<layerCount).map { i in
            func name(_ base: String) -> String { BertTensorNames.block(i, base) }
            return Layer(
                query: try matrix(name("attn_q.weight"), columns: hidden, rows: hidden),
                key: try matrix(name("attn_k.weight"), columns: hidden, rows: hidden),
                value: try matrix(name("attn_v.weight"), columns: hidden, rows: hidden),
                queryBias: try vector(name("attn_q.bias"), hidden),
                keyBias: try vector(name("attn_k.bias"), hidden),
                valueBias: try vector(name("attn_v.bias"), hidden),
                attentionOutput: try matrix(name("attn_output.weight"), columns: hidden, rows: hidden),
                attentionOutputBias: try vector(name("attn_output.bias"), hidden),
                attentionNorm: try norm(name("attn_output_norm")),
                up: try matrix(name("ffn_up.weight"), columns: hidden, rows: feedForward),
                upBias: try vector(name("ffn_up.bias"), feedForward),
                down: try matrix(name("ffn_down.weight"), columns: feedForward, rows: hidden),
                downBias: try vector(name("ffn_down.bias"), hidden),
                outputNorm: try norm(name("layer_output_norm")))
        }
    }

    /// The AMX tile copy a question's tokens multiply with (nil without AMX): q8_0's own
    /// values, exact, for q8_0 matrices; f32 values split into bf16 hi + lo otherwise.
    private static func tileCopy(of tensor: GGUFTensor, columns: Int, rows: Int) -> BF16TileWeights? {
        guard let bytes = tensor.bytes.baseAddress else { return nil }
        switch tensor.type {
        case .q8_0:
            return BF16TileWeights(
                q8_0: bytes, rowBytes: tensor.type.rowByteCount(columns), columns: columns, rows: rows,
                pool: .shared)
        case .f32:
            return BF16TileWeights(
                f32: bytes.assumingMemoryBound(to: Float.self), columns: columns, rows: rows, pool: .shared)
        default:
            return nil
        }
    }

    private static func tileCopy(of values: [Float], columns: Int, rows: Int) -> BF16TileWeights? {
        values.withUnsafeBufferPointer {
            BF16TileWeights(f32: $0.baseAddress!, columns: columns, rows: rows, pool: .shared)
        }
    }
}
