// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "RAGFlow",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RAGFlow", targets: ["RAGFlow"]),
        .library(name: "LlamaEngine", targets: ["LlamaEngine"]),
        .library(name: "VectorIndex", targets: ["VectorIndex"]),
        .executable(name: "ragflow", targets: ["ragflow"]),
        .executable(name: "ragflow-bench", targets: ["ragflow-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries, each behind one system-library target (a module map and a shim header).
        .systemLibrary(
            name: "CPoppler", path: "Sources/CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"]), .brew(["poppler"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // The executables' allocator (docs/dependencies.md): not a dependency of the libraries.
        .systemLibrary(
            name: "CMimalloc", path: "Sources/CMimalloc",
            providers: [.apt(["libmimalloc-dev"]), .brew(["mimalloc"])]),
        // Our own innermost SIMD kernels, compiled per CPU feature and picked at run time
        // (see docs/kernels.md): no unsafeFlags, so the package stays embeddable.
        .target(name: "CLlamaKernels", path: "Sources/CLlamaKernels"),
        .target(name: "CVectorKernels", path: "Sources/CVectorKernels"),
        // An FTS5 ranking function and tokenizer access, on the system SQLite that GRDB uses.
        .target(name: "CFullTextRank", path: "Sources/CFullTextRank", linkerSettings: [.linkedLibrary("sqlite3")]),

        .target(
            name: "LlamaEngine",
            dependencies: [
                "CLlamaKernels",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "VectorIndex",
            dependencies: ["CVectorKernels"]),
        .target(
            name: "RAGFlow",
            dependencies: [
                "LlamaEngine", "VectorIndex", "CPoppler", "CLibXML2", "CFullTextRank",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Collections", package: "swift-collections"),
            ]),
        .executableTarget(
            name: "ragflow",
            dependencies: [
                "RAGFlow", "LlamaEngine", "CMimalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "ragflow-bench",
            dependencies: [
                "RAGFlow", "LlamaEngine", "VectorIndex", "CMimalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/ragflow-bench"),

        .testTarget(
            name: "LlamaEngineTests", dependencies: ["LlamaEngine"],
            exclude: [
                "GGUF/Fixtures", "Tensors/Fixtures", "BERT/Fixtures", "Tokenizers/Fixtures", "Llama/Fixtures",
                "ChatTemplates/Fixtures",
            ]),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex"], exclude: ["Fixtures"]),
        .testTarget(name: "RAGFlowTests", dependencies: ["RAGFlow"]),
        .testTarget(name: "ragflowTests", dependencies: ["ragflow", "RAGFlow"]),
    ]
)
