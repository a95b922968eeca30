from hypothesis import given
from hypothesis import strategies as st

from clearpost.connectors.linkedin.little import RESERVED, little_escape, little_unescape
from clearpost.sandbox.linkedin_api import little_parse


@given(st.text())
def test_escaped_text_survives_linkedins_parser_whole(text: str) -> None:
    assert little_parse(little_escape(text)) == text
    assert little_unescape(little_escape(text)) == text


def test_every_reserved_character_is_escaped() -> None:
    assert set("\\|{}@[]()<>#*_~") == RESERVED
    assert little_escape("a#b") == "a\\#b"
    assert little_parse("a#b") == "a"
