"""The interface's strings: every key a page or a handler names exists, in both
languages, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from kembar import i18n
from kembar.atlas.dataset import ATTRIBUTION, SOURCE_TITLE, SOURCE_URL
from kembar.i18n import MESSAGES, Translator
from kembar.schemas import SourceRef

WEB = Path(i18n.__file__).parent / "web"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, (en, id_) in MESSAGES.items():
        assert en.strip() and id_.strip(), key
        assert _placeholders(en) == _placeholders(id_), key


def test_every_key_named_in_the_pages_exists() -> None:
    named: set[str] = set()
    for template in WEB.glob("templates/*.html"):
        text = template.read_text(encoding="utf-8")
        named |= set(re.findall(r"""\bt\(\s*'([a-z0-9_]+(?:\.[a-z0-9_]+)*)'""", text))
        # keys handed to the form macros: 'field.kind', 'new.submit'...
        named |= {k for k in re.findall(r"'([a-z]+\.[a-z0-9_]+)'", text) if k.split(".")[0] in _PREFIXES}
    for module in WEB.glob("*.py"):
        named |= set(
            re.findall(
                r"""\bt\(\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"\s*[,)]""", module.read_text(encoding="utf-8")
            )
        )
    missing = sorted(k for k in named if k not in MESSAGES)
    assert missing == [], missing
    assert len(named) > 200


_PREFIXES = {k.split(".")[0] for k in MESSAGES if "." in k}


def test_keys_built_from_data_exist() -> None:
    from kembar import vocab
    from kembar.db.history import MODELS
    from kembar.web.history_view import ACCOUNT_TABLES, SHOWN

    for channel in vocab.CHANNELS:
        assert f"channel.{channel}" in MESSAGES
    for table in MODELS:
        assert table in ACCOUNT_TABLES or f"table.{table}" in MESSAGES, table
    for column in SHOWN:
        assert f"field.{column}" in MESSAGES, column
    for action in ("insert", "update", "delete"):
        assert f"history.action.{action}" in MESSAGES


def test_labels_follow_the_language() -> None:
    assert Translator("id")("history.revert") == "Batalkan perubahan ini"
    assert Translator("en").options("stage")[1] == ("loi", "Letter of Intent")
    assert Translator("xx")("tabs.history") == "History"  # an unknown language falls back to English


def test_a_country_inside_an_english_sentence_takes_the_article_english_gives_it() -> None:
    en, id_ = Translator("en"), Translator("id")
    assert en.country_in_text("US") == "the United States" and en.country("US") == "United States"
    assert en.country_in_text("NL") == "the Netherlands"  # GeoNames writes "The Netherlands"
    assert en.country_in_text("PH") == "the Philippines" and en.country_in_text("ID") == "Indonesia"
    assert id_.country_in_text("US") == "Amerika Serikat" and id_.country_in_text("CN") == "Tiongkok"


def test_the_atlas_source_reads_in_the_readers_language_and_no_other_source_does() -> None:
    def source(kind: str, url: str | None, title: str, attribution: str | None = None) -> SourceRef:
        return SourceRef(
            id=1, kind=kind, url=url, title=title, published_on=None, language="en", attribution=attribution
        )

    atlas = source("dataset", SOURCE_URL, SOURCE_TITLE, ATTRIBUTION)
    en, id_ = Translator("en"), Translator("id")
    assert (en.source_title(atlas), en.source_attribution(atlas)) == (SOURCE_TITLE, ATTRIBUTION)
    assert id_.source_title(atlas) == (
        "Wikipedia: daftar kota kembar dan kota bersaudara (melalui Hekman/twincities)"
    )
    assert (id_.source_attribution(atlas) or "").startswith("Pasangan kemitraan dari daftar kota kembar")
    other = source("dataset", "https://example.org/list", SOURCE_TITLE, ATTRIBUTION)
    article = source("article", SOURCE_URL, "Jakarta dan Kuala Lumpur Jalin Kerja Sama")
    assert (id_.source_title(other), id_.source_attribution(other)) == (SOURCE_TITLE, ATTRIBUTION)
    assert id_.source_title(article) == "Jakarta dan Kuala Lumpur Jalin Kerja Sama"


def test_figures_read_from_the_news_are_named_and_dated_in_the_readers_words() -> None:
    from kembar.i18n_figures import figure_name, figure_period

    t_id, t_en = Translator("id"), Translator("en")
    assert figure_name(t_id, "Bilateral trade") == "Perdagangan bilateral"
    assert figure_name(t_en, "Investment") == "Investment" and figure_name(t_id, None) == "Jumlah"
    assert figure_name(t_id, "Dana hibah") == "Dana hibah"  # typed by a person: as typed
    assert figure_period(t_id, "2024-01/2024-03") == "Januari 2024 – Maret 2024"
    assert figure_period(t_id, "last year") == "tahun lalu" and figure_period(t_en, None) == "–"


def test_a_pasted_text_is_attributed_in_the_readers_language() -> None:
    """The evidence of an Indonesian page said "text handed in on the web"."""
    from kembar.i18n_articles import HANDED_IN

    pasted = SourceRef(
        id=1,
        kind="article",
        url=None,
        title="Bandung dan Suwon",
        published_on=None,
        language="id",
        attribution=HANDED_IN,
    )
    assert Translator("id").source_attribution(pasted) == "Teks yang dikirim lewat web"
    assert Translator("en").source_attribution(pasted) == "Text handed in on the web"
