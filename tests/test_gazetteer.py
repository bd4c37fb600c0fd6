"""The offline gazetteer and the entity ruler fed from it (real spaCy model)."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from readout.link import gazetteer
from readout.extract import nlp
from readout.config import GAZETTEER_DIR
from readout.errors import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="module")
def gz():
    return gazetteer.read()


def _tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("name", ["wikidata-entities.tsv", "memberships.tsv"])
def test_copies_match_the_shared_reference(name):
    if not (SHARED / name).is_file():
        pytest.skip(f"shared reference not found at {SHARED}")
    assert (GAZETTEER_DIR / name).read_bytes() == (SHARED / name).read_bytes()


def test_only_verified_rows_carry_a_qid(gz):
    rows = _tsv(GAZETTEER_DIR / "wikidata-entities.tsv")
    verified = {r["qid"] for r in rows if r["status"] == "verified"}
    assert {e.entity.qid for e in gz.entries if e.entity.qid} == verified
    for label in ("Politico Europe", "France 24", "Élysée Palace", "Dmitry Peskov"):
        entity = gz.lookup(label)[0]
        assert entity.label == label and entity.qid == ""


def test_every_qid_in_the_gazetteer_comes_from_the_reference(gz):
    reference = {r["qid"] for r in _tsv(GAZETTEER_DIR / "wikidata-entities.tsv")}
    assert set(gz.by_qid) <= reference


def test_states_carry_their_blocs_and_people_their_state(gz):
    assert gz.get("france").memberships == ("european-union", "nato", "united-nations-security-council",
                                            "western-world")
    assert gz.get("russia").memberships == ("united-nations-security-council",)
    assert gz.get("emmanuel-macron").country == "france"
    assert gz.state_of(gz.get("vladimir-putin")).qid == "Q159"


def test_data_files_name_only_gazetteer_entities(gz):
    for record in gz.ambiguous.values():
        assert gz.get(record.key) is not None
        assert record.alias in {a for e in gz.entries if e.entity.key == record.key for a in e.aliases}
    assert gz.speaks_as(gz.get("paris")).key == "france"
    assert gz.speaks_as(gz.get("elysee-palace")).qid == "Q191954"
    assert gz.speaks_as(gz.get("moscow-kremlin")).qid == "Q2060629"
    assert gz.speaks_as(gz.get("vladimir-putin")) is None


def test_ambiguous_lookup_ignores_case_and_article(gz):
    assert gz.is_ambiguous("the Security Council").key == "united-nations-security-council"
    assert gz.is_ambiguous("Xi").key == "xi-jinping"
    assert gz.is_ambiguous("Xi Jinping") is None


def test_a_local_file_adds_rows(tmp_path):
    local = tmp_path / "local.tsv"
    local.write_text("\t".join(gazetteer.COLUMNS) + "\n"
                     "Q999999\tExample Outlet\tmedia\tExample Outlet|ExOut\t\ttest\tverified\t\n",
                     encoding="utf-8")
    gz = gazetteer.read(GAZETTEER_DIR, (local,))
    assert gz.lookup("ExOut")[0].qid == "Q999999"
    assert gz.lookup("Putin")[0].qid == "Q7747"


def test_a_data_row_naming_an_unknown_entity_is_a_clear_error(tmp_path):
    for name in ("wikidata-entities.tsv", "memberships.tsv", "titles.txt", "ambiguous.tsv"):
        shutil.copy(GAZETTEER_DIR / name, tmp_path / name)
    # a place may be one the gazetteer does not list (a seat), the institution may not
    (tmp_path / "metonyms.tsv").write_text("entity\tspeaks_as\tnote\nParis\tAtlantis\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match="Atlantis"):
        gazetteer.read(tmp_path)


def test_an_unreadable_local_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        gazetteer.read(GAZETTEER_DIR, (tmp_path / "missing.tsv",))


def _ents(text: str) -> list[tuple[str, str, str]]:
    doc = next(nlp.parse([text]))
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


KNOWN_ERRORS = [  # sentence, words, the bare model's label, ours
    ("The Pentagon suspended the delivery of some weapons to Kiev.", "Kiev", "PERSON", "GPE"),
    ("According to the Russian statement, detailed by Politico Europe, Putin told Macron that "
     "the war must end.", "Politico Europe", "GPE", "ORG"),
    ("As reported by France 24, the French president also spoke.", "24", "DATE", None),
]


@pytest.mark.parametrize("sentence, words, bare_label, our_label", KNOWN_ERRORS)
def test_the_bare_model_errs_where_the_ruler_fixes_it(sentence, words, bare_label, our_label):
    import spacy

    from readout.config import SPACY_MODEL

    bare = {e.text: e.label_ for e in _bare_model(spacy, SPACY_MODEL)(sentence).ents}
    assert bare.get(words) == bare_label
    ours = {e[0]: e[1] for e in _ents(sentence)}
    assert ours.get(words) == our_label


_BARE = []


def _bare_model(spacy, name):
    if not _BARE:
        _BARE.append(spacy.load(name))
    return _BARE[0]


def test_ruler_fixes_the_small_models_known_errors():
    # the bare model tags Kiev as a person in some contexts, Politico Europe as a place,
    # and the 24 of France 24 as a date
    ents = _ents("Kiev said on Monday that talks would resume. According to the Russian statement, "
                 "detailed by Politico Europe, the talks failed. As reported by France 24, nothing changed.")
    assert ("Kiev", "GPE", "kyiv") in ents
    assert ("Politico Europe", "ORG", "politico-europe") in ents
    assert ("France 24", "ORG", "france-24") in ents
    assert not [e for e in ents if e[1] == "DATE" and e[0] == "24"]
    assert not [e for e in ents if e[1] == "PERSON"]


def test_a_channel_number_unknown_to_the_gazetteer_stays_with_its_name():
    ents = _ents("Moscow 24 reported that the mayor had resigned.")
    assert ents[0] == ("Moscow 24", "ORG", "")


def test_ruler_matches_headline_capitals_and_names_with_the():
    ents = _ents("MACRON AND PUTIN SPEAK. According to the Élysée Palace, the call lasted two hours.")
    assert ("MACRON", "PERSON", "emmanuel-macron") in ents
    assert ("PUTIN", "PERSON", "vladimir-putin") in ents
    assert ("the Élysée Palace", "LOC", "elysee-palace") in ents


def test_a_name_given_with_its_article_matches_without_it_but_a_common_noun_does_not():
    """"the White House" is also "White House" before a noun ("a White House statement");
    "the West" and "the invasion" are no names without their article."""
    ents = _ents("A White House statement followed. The invasion began as the West watched. "
                 "West winds and an invasion of locusts were forecast.")
    assert ("White House", "ORG", "president-of-the-united-states") in ents
    assert not [e for e in ents if e[0] in ("West", "invasion")]


def test_a_member_of_an_included_bloc_is_a_member_of_the_including_one(tmp_path):
    """bloc-includes.tsv: NATO's members are read as members of the West; others are not."""
    for name in ("wikidata-entities.tsv", "memberships.tsv"):
        (tmp_path / name).write_text((GAZETTEER_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bloc-includes.tsv").write_text(
        "bloc\tincludes\treason\nWestern world\tNATO\ttest\n", encoding="utf-8")
    gz = gazetteer.read(tmp_path)
    assert "western-world" in gz.get("turkey").memberships      # NATO, not EU
    assert "western-world" not in gz.get("russia").memberships
    (tmp_path / "bloc-includes.tsv").write_text(
        "bloc\tincludes\treason\nNo such bloc\tNATO\ttest\n", encoding="utf-8")
    with pytest.raises(InputError, match="bloc-includes.tsv: 'No such bloc'"):
        gazetteer.read(tmp_path)


def test_a_person_speaks_for_the_bloc_their_office_names(gz):
    """An alias naming a stateless body ("EU Commission chief", "UN chief") is an office: its
    holder's side is that body, raised to its whole (part-of.tsv), not their citizenship."""
    from readout.extract import sides

    leyen, guterres = gz.get("ursula-von-der-leyen"), gz.get("antonio-guterres")
    assert leyen.country == "germany" and gz.acts_for(leyen).key == "european-union"
    assert sides.side_key(leyen, gz) == "european-union"
    assert sides.side_key(guterres, gz) == "united-nations"
    assert sides.same_side(leyen, gz.get("france"), gz)          # France is an EU member
    for key in ("emmanuel-macron", "sergei-shoigu"):             # a state's own "Security Council"
        assert gz.acts_for(gz.get(key)) is None
    assert sides.side_key(gz.get("sergei-shoigu"), gz) == "russia"


def test_a_part_of_row_naming_an_unknown_body_is_a_clear_error(tmp_path):
    for name in ("wikidata-entities.tsv", "memberships.tsv"):
        (tmp_path / name).write_text((GAZETTEER_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "part-of.tsv").write_text("body\twhole\treason\nNo such body\tEuropean Union\ttest\n",
                                          encoding="utf-8")
    with pytest.raises(InputError, match="part-of.tsv: 'No such body'"):
        gazetteer.read(tmp_path)


def test_a_war_named_by_its_two_states_is_named_either_way_and_as_a_conflict():
    """'Russia-Ukraine war' also names it as 'Ukraine-Russia war' and 'the Russia-Ukraine
    conflict' (data/gazetteer/conflict-nouns.txt); 'Russo-Ukrainian War' names no two states."""
    from readout.extract.pipeline import extract
    from readout.facts import Article

    text = ("The Ukraine-Russia war was discussed. Both men spoke of the Russia-Ukraine conflict "
            "and of the Russo-Ukrainian War.\n")
    found = {(m.span.text, m.entity.key) for m in next(extract([Article(id="own-war", text=text)])).mentions}
    assert any(t.endswith("Ukraine-Russia war") and k == "russo-ukrainian-war" for t, k in found), found
    assert any(t.endswith("Russia-Ukraine conflict") and k == "russo-ukrainian-war" for t, k in found), found
    aliases = next(e for e in gazetteer.default().entries if e.entity.key == "russo-ukrainian-war").aliases
    assert "Ukrainian-Russo war" not in aliases
