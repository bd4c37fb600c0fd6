"""Two of the model's rule components run from tables: the same annotations, less time.

**Attribute rules.** The model's `attribute_ruler` gives each token its coarse part of
speech, its morphology and some lemmas from its fine tag, and for some words from their
lower-case form and their dependency: 179 patterns run through spaCy's Matcher, which tests
the IN and REGEX predicates of every pattern on every token in Python (2.0-2.4 of the
16-19 CPU-s that the model spends on the PolNeAR dev texts). A pattern of one token decides
only on that token's own attributes, so `AttributeTable` works out, once per distinct
combination of the attributes the patterns read (17,405 in PolNeAR dev), which rules
match, and writes a doc's results as one array (0.3-0.5 CPU-s). Patterns of several
tokens (8 in the model) still go through a Matcher of their own. The rules are applied as
the AttributeRuler applies them: every rule that matches, in the order they were added, a
later one overwriting what an earlier one set. `AttributeTable.of` gives None for a ruler
with anything the table does not read as the Matcher does (an operator, an extension
attribute, a predicate other than equality, IN, NOT_IN and REGEX, a rule that sets an
attribute other than TAG, POS, MORPH, LEMMA or DEP); the pipeline then keeps spaCy's ruler.

**Lemmas.** The lemmatizer's rule mode looks each candidate form up in its index of the
words of a part of speech, a list (57,528 nouns) searched from the start on every look-up:
1.4 of its 1.7 CPU-s on PolNeAR dev. `LemmaTable` makes each index a frozenset (`in` and
truth the same) and lemmatises each distinct (word, part of speech, morphology), the
only inputs of the rule mode, once with spaCy's own `rule_lemmatize` (0.2-0.3 CPU-s).

tests/test_nlp.py compares readout's pipeline with the same pipeline with spaCy's
components on every token of the bundled articles, bench/model_rules.py on a corpus.
"""
from __future__ import annotations

import re

# attributes whose `Doc.to_array` value is the value the Matcher compares
READ = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "POS", "LEMMA", "SHAPE", "IS_SPACE", "IS_PUNCT",
        "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "LIKE_NUM")
WRITE = ("TAG", "DEP", "POS", "MORPH", "LEMMA")
LIMIT = 200_000     # distinct keys a table remembers; then it starts afresh


def install(nlp) -> None:
    """The model's attribute ruler and lemmatizer run from tables, each where the table
    applies it as spaCy does; spaCy's components stay in the pipeline, disabled."""
    from spacy.language import Language

    for name, table, factory in (("attribute_ruler", AttributeTable, _attribute_table),
                                 ("lemmatizer", LemmaTable, _lemma_table)):
        if name not in nlp.pipe_names or _table_of(table, nlp.get_pipe(name)) is None:
            continue
        if f"readout_{name}" not in Language.factories:
            Language.factory(f"readout_{name}", func=factory)
        nlp.add_pipe(f"readout_{name}", after=name)
        nlp.disable_pipe(name)


def _table_of(table, component):
    """The table for a component, or None where it cannot be made (a spaCy whose
    components keep their rules otherwise than this module reads them)."""
    try:
        return table.of(component)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _attribute_table(nlp, name):
    return AttributeTable.of(nlp.get_pipe("attribute_ruler"))


def _lemma_table(nlp, name):
    return LemmaTable.of(nlp.get_pipe("lemmatizer"))


class AttributeTable:
    """A doc's attribute rules, applied (a pipeline component)."""

    def __init__(self, vocab, single: list[tuple], read: list[int], multi,
                 sets: list[dict[int, int]], indices: list[int]):
        from spacy.attrs import IDS

        self.vocab, self.read, self.multi = vocab, read, multi
        self.sets, self.indices = sets, indices
        # the rules that can match a value of a column: a rule that requires one value of
        # some attribute is looked at only for keys with that value
        self.requiring: dict[tuple[int, int], list] = {}
        self.anywhere = []
        for rule, tests, equal in single:
            (self.requiring.setdefault(equal, []) if equal else self.anywhere).append((rule, tests))
        self.write = [IDS[name] for name in WRITE]
        self.column = {attr: j for j, attr in enumerate(self.write)}
        self.known: dict[tuple, tuple[int, ...]] = {}
        self.merged: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    @classmethod
    def of(cls, ruler) -> AttributeTable | None:
        """The table for a loaded `AttributeRuler`, or None if it holds a rule the table
        cannot apply as the ruler does."""
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        writable = {IDS[name] for name in WRITE}
        if any(not set(attrs) <= writable for attrs in ruler.attrs):
            return None
        single, read, multi = [], {}, Matcher(ruler.vocab)
        for rule in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(rule))[1]:
                if len(pattern) > 1:
                    multi.add(str(rule), [pattern])
                    continue
                tests, equal = [], None
                for name, spec in pattern[0].items():
                    if name not in READ:
                        return None
                    test = _test(ruler.vocab, spec)
                    if test is None:
                        return None
                    tests.append((read.setdefault(IDS[name], len(read)), test))
                    if isinstance(spec, str):
                        equal = (tests[-1][0], ruler.vocab.strings.add(spec))
                single.append((rule, tests, equal))
        return cls(ruler.vocab, single, list(read), multi if len(multi) else None,
                   list(ruler.attrs), list(ruler.indices))

    def __call__(self, doc):
        import numpy

        if not len(doc):
            return doc
        # (one row per token even where the rules read one attribute: `to_array` of one
        # attribute gives a flat array)
        read = doc.to_array(self.read).reshape(len(doc), -1).tolist() if self.read else [[]] * len(doc)
        rules = [self._rules(key) for key in map(tuple, read)]
        if self.multi is not None:
            for match, start, end in self.multi(doc, allow_missing=True):
                rule = int(self.vocab.strings[match])
                i = (start if self.indices[rule] >= 0 else end) + self.indices[rule]
                if not start <= i < end:
                    raise ValueError(f"attribute rule {rule}: its index is outside the span it matched")
                rules[i] = tuple(sorted(set(rules[i]) | {rule}))
        values = doc.to_array(self.write).tolist()
        for row, matched in zip(values, rules):
            for column, value in self._merged(matched):
                row[column] = value
        doc.from_array(self.write, numpy.array(values, dtype="uint64"))
        return doc

    def _rules(self, key: tuple) -> tuple[int, ...]:
        found = self.known.get(key)
        if found is None:
            if len(self.known) >= LIMIT:
                self.known.clear()
                self.merged.clear()
            candidates = list(self.anywhere)
            for column, value in enumerate(key):
                candidates += self.requiring.get((column, value), ())
            found = self.known[key] = tuple(sorted({
                rule for rule, tests in candidates if all(test(key[j]) for j, test in tests)}))
        return found


    def _merged(self, rules: tuple[int, ...]) -> list[tuple[int, int]]:
        """The (column, value) pairs the rules set, a later rule's value winning."""
        found = self.merged.get(rules)
        if found is None:
            values: dict[int, int] = {}
            for rule in rules:
                values.update(self.sets[rule])
            found = self.merged[rules] = [(self.column[a], v) for a, v in values.items()]
        return found


def _test(vocab, spec):
    """A predicate on an attribute's value as `Doc.to_array` gives it, or None."""
    strings = vocab.strings
    if isinstance(spec, bool) or isinstance(spec, int):
        return int(spec).__eq__
    if isinstance(spec, str):
        return strings.add(spec).__eq__
    if not isinstance(spec, dict) or not spec or not set(spec) <= {"IN", "NOT_IN", "REGEX"}:
        return None
    tests = []
    for op, value in spec.items():
        if op == "REGEX":
            if not isinstance(value, str):
                return None
            found = re.compile(value)
            tests.append(lambda v, found=found: bool(found.search(strings[v])))
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        else:
            hashes = frozenset(strings.add(v) for v in value)
            tests.append(hashes.__contains__ if op == "IN"
                         else lambda v, hashes=hashes: v not in hashes)
    return lambda v: all(test(v) for test in tests)


class LemmaTable:
    """A doc's lemmas by the lemmatizer's rule mode (a pipeline component)."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], int] = {}

    @classmethod
    def of(cls, lemmatizer) -> LemmaTable | None:
        """The table for spaCy's rule-mode lemmatizer (its index made frozensets), or None."""
        from spacy.pipeline import Lemmatizer

        if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
            return None
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            if not isinstance(words, frozenset):
                index[pos] = frozenset(words)
        return cls(lemmatizer)

    def __call__(self, doc):
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        strings, known, rows = doc.vocab.strings, self.known, doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.lemmatizer.overwrite:
                lemmas.append(lemma)
                continue
            found = known.get((orth, pos, morph))
            if found is None:
                if len(known) >= LIMIT:
                    known.clear()
                found = known[orth, pos, morph] = strings.add(self.lemmatizer.rule_lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc
