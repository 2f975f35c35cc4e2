"""The words of figures read from the news (extract.amounts: money with its currency and
period) in English and Bahasa Indonesia: their names, periods and the one-line summary the
review queue shows. The extractor stores its names and periods in English codes ("Amount",
"Bilateral trade", "2026-01/2026-03", "last year"); these put them into the reader's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kembar.extract.model import AmountFact
    from kembar.i18n import Translator

MESSAGES: dict[str, tuple[str, str]] = {
    "figure.amount": ("Amount", "Jumlah"),
    "figure.investment": ("Investment", "Investasi"),
    "figure.trade": ("Bilateral trade", "Perdagangan bilateral"),
    "figure.last_year": ("last year", "tahun lalu"),
    "figure.said": ("{name}: {text} ({currency})", "{name}: {text} ({currency})"),
    "figure.said_period": ("{name}: {text} ({currency}), {period}", "{name}: {text} ({currency}), {period}"),
}

# The names extract.amounts gives a figure -> their message keys.
NAMES = {"Amount": "figure.amount", "Investment": "figure.investment", "Bilateral trade": "figure.trade"}


def figure_name(t: Translator, name: str | None) -> str:
    """A figure's name in the reader's language; a name typed by a person stays as typed."""
    key = NAMES.get(name or "Amount")
    return t(key) if key else str(name)


def figure_period(t: Translator, label: str | None) -> str:
    """A period as the extractor writes it ("2024", "2024-01/2024-03", "last year") in words."""
    if not label:
        return "–"
    if label == "last year":
        return t("figure.last_year")
    return " – ".join(t.when(part) for part in label.split("/"))


def figure_said(t: Translator, item: AmountFact) -> str:
    """A figure proposal in one line: "Jumlah: Rp 2,5 miliar (IDR), 2024"."""
    values = {"name": figure_name(t, item.name), "text": item.text, "currency": item.currency}
    if item.period:
        return t("figure.said_period", **values, period=figure_period(t, item.period))
    return t("figure.said", **values)
