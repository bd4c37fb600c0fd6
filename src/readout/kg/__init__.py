"""The knowledge graph: IRIs, the closed vocabulary, facts -> triples, cross-article identity, validation."""
