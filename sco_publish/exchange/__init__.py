"""Exchange with CAT tools: XLIFF 2.1 and 1.2 export and import, per document and language."""
