"""English function words, read in one place for the two that need them: the language
check (`readout.ingest.language`) and the cross-article claim comparison (`readout.kg.corpus`).

The list is spaCy's English stop-word list (spacy/lang/en/stop_words.py, MIT licence, as
installed with the model's spaCy), read from its module file without importing spaCy: the
import costs more than a second, which a rebuild with nothing new or the client of a Dask
build (neither loads the model) would otherwise spend on this list alone.
"""
from __future__ import annotations

import functools
from pathlib import Path


@functools.lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """spaCy's English stop words (its contractions with both apostrophes included)."""
    import importlib.util

    package = importlib.util.find_spec("spacy")     # found, not imported
    path = Path(package.origin).parent / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("readout._english_stop_words", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)     # the list and its contractions; the file imports nothing
    return frozenset(module.STOP_WORDS)
