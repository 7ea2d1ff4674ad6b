"""The domain: documents, tokens, labels, spans and entities.

Depends on the standard library and pydantic only; nothing here opens files,
databases or terminals.
"""
