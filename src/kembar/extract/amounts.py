"""Stage 7c, amounts: money figures with their currency, period and change
("US$174,2 juta", "RM2.5 billion", "naik 100 persen")."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from kembar.extract.lexicon import cues
from kembar.extract.model import AmountFact, Change, Span
from kembar.extract.sentences import Sentence

# Currency signs and codes are the same in every language.
CURRENCIES = {
    "us$": "USD", "usd": "USD", "$": "USD", "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rm": "MYR",
    "myr": "MYR", "€": "EUR", "eur": "EUR", "¥": "JPY", "jpy": "JPY", "s$": "SGD", "sgd": "SGD",
    "a$": "AUD", "aud": "AUD", "£": "GBP", "gbp": "GBP",
}  # fmt: skip
_MONEY = re.compile(
    r"(US\$|USD|Rp\.?|IDR|RM|MYR|€|EUR|S\$|SGD|A\$|AUD|£|GBP|¥|JPY|\$)\s?(\d[\d.,]*)\s*"
    r"(juta|jt|miliar|milyar|triliun|ribu|million|billion|trillion|thousand|bilion|bn|mn|[MBTmbk])?\b",
)


def _number(raw: str, language: str | None) -> float | None:
    raw = raw.rstrip(".,")
    if language in ("id", "ms") and not re.search(r"\.\d{1,2}$", raw):
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _change(text: str) -> Change | None:
    c = cues()
    m = re.search(
        rf"({c.change_up}|{c.change_down})[^.;]{{0,40}}?(\d+(?:[.,]\d+)?)\s*(persen|peratus|%|percent|per\s+cent)",
        text,
        re.I,
    )
    if m is None:
        return None
    sign = -1 if re.fullmatch(c.change_down, m.group(1), re.I) else 1
    return Change(value=sign * float(m.group(2).replace(",", ".")), unit="percent", text=m.group(0))


def _period(text: str, published: date | None) -> str | None:
    c = cues()
    months = "|".join(sorted(c.months, key=len, reverse=True))
    m = re.search(rf"\b({months})\s*[-–]\s*({months})\s+(\d{{4}})\b", text, re.I)
    if m:
        a, b, y = c.months[m.group(1).lower()], c.months[m.group(2).lower()], m.group(3)
        return f"{y}-{a:02d}/{y}-{b:02d}"
    if c.last_year.search(text):
        return str(published.year - 1) if published else "last year"
    m = re.search(r"\b(?:pada|tahun|in|during|sepanjang)\s+(\d{4})\b", text, re.I)
    return m.group(1) if m else None


def _name(quote: str) -> str:
    c = cues()
    if c.trade_words.search(quote):
        return "Bilateral trade"
    if c.investment_words.search(quote):
        return "Investment"
    return "Amount"


def find_amounts(sentences: list[Sentence], language: str | None, published: date | None) -> list[AmountFact]:
    c = cues()
    counts = Counter(m.place.country for s in sentences for m in s.mentions if m.place.kind == "country")
    top = [code for code, _ in counts.most_common(2)]
    main = sorted(top) if len(top) == 2 else []
    out = []
    for s in sentences:
        if s.zone == "furniture":
            continue
        for m in _MONEY.finditer(s.text):
            currency = CURRENCIES.get(m.group(1).lower().rstrip("."), m.group(1))
            value = _number(m.group(2), language)
            if value is None:
                continue
            word = (m.group(3) or "").lower()
            if word == "m" and currency == "IDR":
                mult = 1e9  # "Rp164 M": miliar
            elif word == "k":
                mult = 1e3
            else:
                mult = c.multipliers.get(word, {"m": 1e6, "b": 1e9, "t": 1e12}.get(word, 1.0))
            parties = sorted({mm.place.country for mm in s.mentions if mm.place.kind == "country"})
            out.append(
                AmountFact(
                    value=round(value * mult, 2),
                    currency=currency,
                    text=m.group(0).strip(),
                    period=_period(s.text, published),
                    change=_change(s.text),
                    parties=parties if len(parties) >= 2 else (main or parties),
                    name=_name(s.text),
                    evidence=Span(start=s.start + m.start(), end=s.start + m.end(), quote=s.text),
                )
            )
    return out
