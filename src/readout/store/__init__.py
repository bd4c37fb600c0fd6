"""The embedded Oxigraph store, exports, stored queries and their results, and servers."""
