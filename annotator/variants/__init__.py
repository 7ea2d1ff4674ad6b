"""Transliteration variants: romanization schemes as data, the spelling alternations they
imply, keys that collide variants, explanations, mining and clustering.

Pure library: imports nothing from the store or any front end.
"""
