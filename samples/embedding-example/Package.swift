// swift-tools-version: 6.0
import PackageDescription

// A program that embeds RAGFlow: see docs/embedding.md. Build and run it from the repository
// root with `make test`, or here with `swift run embedding-example`.
let package = Package(
    name: "embedding-example",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "RAGFlow", path: "../..")],
    targets: [
        .executableTarget(
            name: "embedding-example", dependencies: [.product(name: "RAGFlow", package: "RAGFlow")],
            path: "Sources/EmbeddingExample")
    ]
)
