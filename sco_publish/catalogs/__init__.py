"""Gettext catalogs: the model (``catalog``: ``Catalog``, ``Message``), the one PO module
(``pofile``: ``read_po``, ``parse_po``, ``parse_po_fragment``, ``format_po``, ``write_po``,
``WriterCache``), syncing with the texts (``sync``: ``sync_project``), statistics (``stats``:
``catalog_stats``), translation memory (``memory``), Plural-Forms (``plurals``), catalog
paths (``paths``) and the line breaking the writer shares with msgcat (``linebreak``).

Nothing is re-exported here: the lint, the editions and the exchange formats import the
model and the PO module alone, without sync and its dependencies.
"""
