/// The built-in default pipeline, byte for byte the same as `pipelines/default.json` (a test
/// checks), so that an installed binary works without the repository. Regenerate it from the
/// file rather than editing it here.
enum DefaultPipeline {
    static let json = """
{
  "version": 1,
  "name": "default",
  "description": "Reads text, Markdown, HTML and PDF; cleans; chunks along headings and pages; embeds with all-MiniLM-L6-v2; answers with hybrid retrieval and quoted sentences.",
  "stages": [
    {"stage": "loader", "kind": "text", "max_file_bytes": 67108864},
    {"stage": "loader", "kind": "html", "max_file_bytes": 67108864},
    {"stage": "loader", "kind": "pdf", "max_file_bytes": 268435456},
    {"stage": "cleaner", "kind": "unicode", "form": "nfkc"},
    {"stage": "cleaner", "kind": "control_characters"},
    {"stage": "cleaner", "kind": "running_headers", "minimum_fraction": 0.5, "media_types": ["application/pdf"]},
    {"stage": "cleaner", "kind": "hyphenation"},
    {"stage": "cleaner", "kind": "whitespace"},
    {"stage": "chunker", "kind": "structure", "chunk_size": 192, "chunk_overlap": 32, "min_chunk_size": 48},
    {
      "stage": "embedder", "kind": "llama",
      "model": "models/all-MiniLM-L6-v2.Q8_0.gguf",
      "batch_size": 32, "query_prefix": "", "document_prefix": "", "threads": 0
    },
    {"stage": "vector_index", "kind": "hnsw", "metric": "cosine", "m": 16, "ef_construction": 200, "ef_search": 64},
    {
      "stage": "retriever", "kind": "hybrid",
      "top_k": 5, "candidates": 20, "fusion": "rrf", "rrf_k": 60, "vector_weight": 0.7,
      "mmr": false, "mmr_lambda": 0.7
    },
    {"stage": "prompt_builder", "kind": "template", "max_sources": 6, "answer_token_reserve": 512},
    {"stage": "generator", "kind": "extractive", "max_sentences": 4}
  ]
}

"""
}
