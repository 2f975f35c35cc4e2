"""Strings of the atlas's reading pages and of every page's frame (the search page's
prompt and "did you mean", the link that skips to the content): key -> (English,
Bahasa Indonesia)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # /search with nothing typed: a prompt, not an error
    "search.empty": ("Search the atlas", "Cari di atlas"),
    "search.prompt": (
        "Type the name of a city, regency, province or country, in any language.",
        "Ketik nama kota, kabupaten, provinsi atau negara, dalam bahasa apa pun.",
    ),
    # a query no name matches: the partnered places spelled closest
    "search.did_you_mean": ("Did you mean:", "Mungkin maksud Anda:"),
    # the first link of every page, shown when a keyboard reaches it
    "skip.to_content": ("Skip to content", "Langsung ke isi"),
}
