"""The spaCy pipeline readout loads (readout.extract.nlp)."""
from __future__ import annotations


def test_the_entity_ruler_read_by_the_tokenizer_alone_holds_the_patterns_the_full_pipeline_makes():
    """`build_pipeline` lets only the tokenizer read the gazetteer's phrase patterns (1.3 s
    less a load): the patterns must be the tokens `add_patterns` makes with the components
    before the ruler running, as spaCy does by default."""
    import spacy

    from readout.config import SPACY_MODEL
    from readout.extract import nlp
    from readout.link.gazetteer import default

    gazetteer = default()
    fast = nlp.build_pipeline(gazetteer).get_pipe("entity_ruler")
    full = spacy.load(SPACY_MODEL).add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    full.add_patterns(nlp.patterns(gazetteer))

    def tokens(ruler):
        return {label: [[(t.text, t.whitespace_) for t in doc] for doc in docs]
                for label, docs in ruler.phrase_patterns.items()}
    # the condition for it: patterns matched on token texts, which no component sets
    assert getattr(fast, "phrase_matcher_attr", None) in (None, "ORTH")
    assert tokens(fast) == tokens(full)
    assert sum(len(docs) for docs in fast.phrase_patterns.values()) > 1000
    assert fast.patterns == full.patterns
