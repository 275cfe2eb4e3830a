LETTER_TEMPLATE = "translation-letter.md.j2"
"""The forwarding letter's template, named here so that the office rules (CUI002, office/documents.py)
can ask what it lacks without importing the renderer into every check."""
