"""The CAMEO event code of each statement's cue sense, from the reporting-verb lexicon.

A sense is a row of `data/lexicons/reporting-verbs.tsv` (lemma, part of speech, speech act);
its `cameo` column is the code. A statement keeps its cue's lemma and speech act, which
pick out one code (the rows of one lemma and act, verb or noun, share it; a test checks).
"""
from __future__ import annotations

import functools

from readout.extract.statements import lexicon
from readout.facts import Statement


@functools.lru_cache(maxsize=1)
def codes() -> dict[tuple[str, str], str]:
    """(cue lemma, speech act) -> CAMEO code, for the senses that have one."""
    return {(cue.lemma, cue.speech_act): cue.cameo
            for cues in lexicon().values() for cue in cues if cue.cameo}


def code(statements: list[Statement]) -> list[Statement]:
    """Give each statement the code of its cue's sense (left empty when none fits)."""
    table = codes()
    for st in statements:
        st.cameo = table.get((st.cue_lemma, st.speech_act), st.cameo)
    return statements
