"""Strings of the atlas's reading pages and of every page's frame (the search box and
page, its prompt and "did you mean", the link that skips to the content): key -> (English,
Bahasa Indonesia)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "search.placeholder": ("Search a city, province or country", "Cari kota, provinsi atau negara"),
    # what a suggestion of the search box is when not a city ("Shizuoka (JP, province)")
    "search.kind_city": ("city", "kota"),
    "search.kind_province": ("province", "provinsi"),
    "search.kind_regency": ("regency or district", "kabupaten atau distrik"),
    "search.kind_country": ("country", "negara"),
    "search.button": ("Search", "Cari"),
    # the count after a suggestion of the search box ({n} is filled in by kembar.js)
    "search.partnerships": ("{n} partnerships", "{n} kemitraan"),
    "search.partnerships1": ("{n} partnership", "{n} kemitraan"),
    "search.results": ("Places matching", "Tempat yang cocok dengan"),
    "search.none": ("No place matches", "Tidak ada tempat yang cocok dengan"),
    # a province's count in the results: the partnerships of its places, as its page lists them
    "search.in_its_places": ("with its places", "dengan tempat-tempatnya"),
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
