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


def _ruler(patterns):
    """A blank English pipeline with an attribute ruler holding these rules."""
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("attribute_ruler").add_patterns(patterns)
    return blank


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_rule_table_applies_every_matching_rule_in_order_as_spacys_ruler_does():
    """Rules on the same token, each a kind of test the table reads (equality, IN, NOT_IN,
    REGEX, a flag), one of two tokens aimed at its second, and a rule that sets the tag:
    every rule that matches is applied, a later one overwriting an earlier one, exactly as
    spaCy's AttributeRuler does on the same doc."""
    from readout.extract.modelrules import AttributeTable

    blank = _ruler([
        {"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "NOUN", "LEMMA": "talk", "MORPH": "Number=Plur"}},
        {"patterns": [[{"LOWER": {"IN": ["talks", "said"]}}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["talks"]}, "IS_PUNCT": False}]], "attrs": {"TAG": "XX"}},
        {"patterns": [[{"LOWER": {"REGEX": "^s.*d$"}}]], "attrs": {"LEMMA": "say", "DEP": "ROOT"}},
        {"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"LEMMA": "peace-talk"}, "index": 1},
        {"patterns": [[{"IS_SPACE": True}], [{"TAG": "XX", "LOWER": "peace"}]], "attrs": {"POS": "X"}},
    ])
    table = AttributeTable.of(blank.get_pipe("attribute_ruler"))
    assert table is not None
    text = "Peace talks resume ,  he said : talks  ."
    theirs = blank(text)
    ours = table(blank.make_doc(text))
    assert _annotations(ours) == _annotations(theirs)
    by_word = {row[0]: row for row in _annotations(ours)}
    assert by_word["talks"][1:5] == ("", "VERB", "Number=Plur", "talk")     # rule 2 wins the POS
    assert [row[4] for row in _annotations(ours)][:2] == ["", "peace-talk"]    # the second token's
    assert by_word["said"][1:] == ("XX", "VERB", "", "say", "ROOT")


def test_a_ruler_with_a_rule_the_table_does_not_read_as_spacy_does_is_left_to_spacy():
    from readout.extract.modelrules import AttributeTable

    for rule in ({"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}},
                 {"patterns": [[{"LOWER": {"FUZZY": "talk"}}]], "attrs": {"POS": "NOUN"}},
                 {"patterns": [[{"LENGTH": 3}]], "attrs": {"POS": "NOUN"}},
                 {"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}}):
        ruler = _ruler([{"patterns": [[{"LOWER": "b"}]], "attrs": {"POS": "NOUN"}}, rule])
        assert AttributeTable.of(ruler.get_pipe("attribute_ruler")) is None, rule


def test_readouts_pipeline_gives_every_token_of_the_bundled_articles_the_annotations_of_spacys_components():
    """readout's pipeline runs the model's attribute rules and lemmatizer from tables, in
    place of spaCy's components (3.4 CPU-s less on the 84 PolNeAR dev texts,
    bench/model_rules.py): every token of the bundled articles gets the same tag, part of
    speech, morphology, lemma, dependency, head, entity and sentence start as with spaCy's."""
    from readout.config import DATA_DIR
    from readout.extract import nlp
    from readout.link.gazetteer import default

    ours = nlp.pipeline()
    assert {"readout_attribute_ruler", "readout_lemmatizer"} <= set(ours.pipe_names)
    assert {"attribute_ruler", "lemmatizer"} <= set(ours.disabled)
    theirs = nlp.build_pipeline(default(), tables=False)
    assert {"attribute_ruler", "lemmatizer"} <= set(theirs.pipe_names)
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA_DIR / "articles").glob("*.txt"))]
    texts.append("He ain't gonna stop, let's see; they gotta wait.")     # the model's rules of two tokens
    attrs = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "SENT_START"]
    pairs = list(zip(ours.pipe(texts), theirs.pipe(texts), strict=True))
    assert sum(len(a) for a, _ in pairs) > 5000
    for a, b in pairs:
        assert a.to_array(attrs).tolist() == b.to_array(attrs).tolist()
    assert [t.lemma_ for t in pairs[-1][0]][1:6] == ["be", "not", "go", "to", "stop"]


def test_a_pipeline_whose_rules_the_tables_cannot_apply_keeps_spacys_components():
    """`modelrules.install` swaps in a table only where it applies the component as spaCy
    does: an attribute ruler with an operator, and a lemmatizer in lookup mode, stay."""
    from readout.extract import modelrules

    blank = _ruler([{"patterns": [[{"LOWER": "talks", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    modelrules.install(blank)
    assert blank.pipe_names == ["attribute_ruler", "lemmatizer"] and not blank.disabled
    ruled = _ruler([{"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "NOUN"}}])
    modelrules.install(ruled)
    assert ruled.pipe_names == ["readout_attribute_ruler"] and ruled.disabled == ["attribute_ruler"]
    assert [t.pos_ for t in ruled("peace talks")] == ["", "NOUN"]
    # rules of one attribute (a flat `to_array`) and rules of two tokens only (nothing to read)
    for rules in ([{"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "NOUN"}}],
                  [{"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"LEMMA": "x"}, "index": 1}]):
        theirs = _ruler(rules)
        ours = _ruler(rules)
        modelrules.install(ours)
        assert "readout_attribute_ruler" in ours.pipe_names
        assert _annotations(ours("peace talks resume")) == _annotations(theirs("peace talks resume"))
