"""Offline translation with Argos Translate packages.

Package handling (`packages`) and route planning (`routes`) are light; the engines import
ctranslate2, sentencepiece and argostranslate only when a translation is asked for. None of
this is imported at CLI or TUI start-up.
"""
