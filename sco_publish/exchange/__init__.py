"""Exchange with CAT tools and translation platforms: XLIFF 2.1 and 1.2 per document and language, TMX 1.4b, TBX-Basic 2008."""
