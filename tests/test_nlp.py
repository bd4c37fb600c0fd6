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


LINES = ("Emmanuel Macron spoke with Vladimir Putin on Tuesday.\n"
         "• Talks on Ukraine will resume, the Kremlin said.\n\n"
         "The Elysee said the call lasted two hours and Macron urged a ceasefire.\n")


def test_a_long_text_is_cut_at_line_ends_into_pieces_that_join_back():
    from readout.extract import nlp

    text = LINES * 40
    pieces = nlp.split(text, size=500)
    assert "".join(pieces) == text and len(pieces) > 10
    assert all(len(p) <= 500 for p in pieces) and all(p.endswith("\n") for p in pieces[:-1])
    line = "word " * 300                                    # one line longer than a piece: cut at a space
    assert "".join(nlp.split(line, size=100)) == line and all(p.endswith(" ") for p in nlp.split(line, 100)[:-1])
    assert nlp.split("x" * 250, size=100) == ["x" * 100, "x" * 100, "x" * 50]
    assert nlp.split(LINES) == [LINES]


def test_a_text_over_spacys_limit_is_parsed_in_pieces_joined_into_one_doc(monkeypatch):
    """With pieces of 500 characters and spaCy's limit lowered to 2,000, a 6,700-character
    text parses, and its Doc is the pieces' Docs one after another: the same tokens, tags,
    parse, sentences and entities (with the gazetteer's ids) at the same offsets."""
    from readout.extract import nlp

    text = LINES * 40
    pipeline = nlp.pipeline()
    monkeypatch.setattr(nlp, "PIECE", 500)
    monkeypatch.setattr(pipeline, "max_length", 2000)

    def rows(doc, offset=0):
        return [(t.idx + offset, t.text, t.whitespace_, t.tag_, t.dep_, t.head.i - t.i, t.lemma_, t.ent_iob_,
                 t.ent_type_, t.ent_id_, t.is_sent_start) for t in doc]
    [joined] = list(nlp.parse([text]))
    expected, offset = [], 0
    for piece in nlp.split(text, 500):
        expected += rows(pipeline(piece), offset)
        offset += len(piece)
    assert joined.text == text and rows(joined) == expected
    assert sum(1 for t in joined if t.ent_id_) >= 80       # Macron and Putin in every repetition
    assert [d.text for d in nlp.parse(["A short one.", text, "Another."])][::2] == ["A short one.", "Another."]


def test_each_line_starts_a_sentence_and_the_words_after_a_bullet_do_not():
    from readout.extract import nlp

    [doc] = list(nlp.parse([LINES]))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:3] == ["Emmanuel", "•", "The"]
    assert doc[[t.text for t in doc].index("Talks")].is_sent_start is False
