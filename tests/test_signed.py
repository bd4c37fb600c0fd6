"""Lines that name their speaker without a verb (`readout.extract.signed`): quotations
signed with a dash, on the real spaCy model."""
from __future__ import annotations

import pytest

from test_statements import extract

pytestmark = pytest.mark.slow


def signed(found):
    return [(s.cue.text, s.speaker_span.text, [c.text for c in s.content]) for s in found
            if s.rule.startswith("signature")]


def test_dash_line_after_a_quotation_signs_it():
    text = 'Readers wrote in.\n\n"We need more jobs here."\n\n- Bernie Sanders.\n\nThe claim is old.'
    assert signed(extract(text)) == [("-", "Bernie Sanders", ['"We need more jobs here."'])]


def test_dash_after_a_quotation_on_its_line_signs_it_and_keeps_the_name_only():
    text = "Voters told us why.\n\n“It changed my life. I will vote.” ― Maria Lopez, 25, Phoenix\n"
    st, = [s for s in extract(text) if s.rule.startswith("signature")]
    assert (st.cue.text, st.speaker_span.text) == ("―", "Maria Lopez")
    assert [c.text for c in st.content] == ["“It changed my life. I will vote.”"]
    assert st.speaker.label == "Maria Lopez" and st.is_quote


def test_quoted_post_ending_in_a_handle_and_date_is_signed_by_its_author():
    text = ("He posted a reply.\n\n<tweet>No one should be above the law. — Jane Roe (@janeroe) "
            "July 5, 2016</tweet>\n")
    assert signed(extract(text)) == [("—", "Jane Roe (@janeroe)", ["No one should be above the law"])]  # the full stop is left out, as in every content


def test_a_dash_that_follows_no_quotation_signs_nothing():
    text = ("The plan has three parts.\n\n- Better roads.\n\n- Lower taxes.\n\n"
            "He said it - Twice.\n\n“Fine,” she replied - Then left.\n")
    assert signed(extract(text)) == []


def test_an_outlet_line_under_a_paragraph_that_only_ends_with_a_quotation_signs_nothing():
    text = ('The minister spoke briefly. Asked about the talks, he said, “We will see.”\n\n'
            '— Associated Press\n')
    assert signed(extract(text)) == []


def test_a_clause_after_the_dash_is_no_signature():
    text = "“The talks failed,” — Reuters said later.\n"
    assert signed(extract(text)) == []


def test_a_name_with_a_particle_signs_a_quotation():
    text = "He quoted a wartime line.\n\n“France has lost a battle, not the war.”\n\n— Charles de Gaulle\n"
    assert signed(extract(text)) == [("—", "Charles de Gaulle", ["“France has lost a battle, not the war.”"])]
