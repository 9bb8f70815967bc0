"""A small LSP client over stdio for the pinned yaml-language-server (tools/lsp)."""
