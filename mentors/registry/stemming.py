"""Russian and English stems for full-text search on databases without morphology (SQLite).

PostgreSQL stems with its ``russian`` text-search configuration; elsewhere the index stores Snowball stems beside the
text and the query is stemmed the same way, so «наставника» and «наставникам» find «наставник» on both.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@lru_cache(maxsize=2)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def stem_word(word: str) -> str:
    word = word.lower().replace("ё", "е")
    return _stemmer("russian" if CYRILLIC.search(word) else "english").stemWord(word)


def stem_text(text: str) -> str:
    """The distinct stems of ``text`` in order of first appearance."""
    stems = dict.fromkeys(stem_word(word) for word in WORD.findall(text or ""))
    return " ".join(stems)
