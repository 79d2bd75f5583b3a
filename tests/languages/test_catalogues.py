"""The catalogues: every message the assistant writes is in every language's, translated, with
its placeholders; the template holds exactly what the code marks (`make messages` writes it)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from assistant.languages.catalogues import TEMPLATE, po_path, read_catalogue, speaking, translations
from assistant.languages.catalogues import gettext as _
from assistant.languages.supported import TRANSLATED
from assistant.settings import ROOT

_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _ids(catalogue) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def test_the_template_holds_every_message_the_code_marks(tmp_path):
    fresh = tmp_path / "messages.pot"
    keywords = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "t"]  # as `make messages` extracts
    command = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", *keywords]
    subprocess.run([*command, "-o", str(fresh), "."], cwd=ROOT, check=True)
    with fresh.open("rb") as file:
        marked = _ids(read_po(file))
    assert marked == _ids(read_catalogue(TEMPLATE)), "run `make messages` and translate what is new"
    assert len(marked) > 200


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(code):
    catalogue = read_catalogue(po_path(code), code)
    assert _ids(catalogue) >= _ids(read_catalogue(TEMPLATE)), f"{code}: run `make messages`"
    missing, wrong = [], []
    for message in catalogue:
        if not message.id:
            continue
        ids: tuple[str, ...] = message.id if isinstance(message.id, tuple) else (str(message.id),)
        strings: tuple[str, ...] = (
            message.string if isinstance(message.string, tuple) else (str(message.string or ""),)
        )
        if message.fuzzy or not all(strings):
            missing.append(ids[0])
            continue
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            got = set(_PLACEHOLDER.findall(string))
            # A plural's singular may spell out its one ("un día"), leaving {n} out.
            if not got <= wanted or (len(ids) == 1 and got != wanted):
                wrong.append(f"{ids[0]!r} → {string!r}")
    assert not missing, f"{code} lacks {len(missing)} message(s): {missing[:5]}"
    assert not wrong, f"{code} placeholders differ: {wrong[:5]}"


def test_a_sentence_is_written_in_the_language_being_spoken():
    with speaking("es"):
        spanish = _("Coursera's terms don't cover this.")
    with speaking("de"):
        german = _("Coursera's terms don't cover this.")
    english = _("Coursera's terms don't cover this.")
    assert english == "Coursera's terms don't cover this."
    assert len({spanish, german, english}) == 3


def test_a_language_the_assistant_does_not_write_is_english():
    with speaking("nl"):
        assert _("Coursera's terms don't cover this.") == "Coursera's terms don't cover this."
    assert translations("en").gettext("Send") == "Send"
