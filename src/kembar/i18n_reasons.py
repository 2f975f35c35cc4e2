"""Strings of the reasons given with partner recommendations (kembar.recommend.reasons):
key -> (English, Bahasa Indonesia)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "why.shared": ("shares {n} partners with {place}: {names}", "berbagi {n} mitra dengan {place}: {names}"),
    "why.shared1": ("shares a partner with {place}: {names}", "berbagi satu mitra dengan {place}: {names}"),
    "why.new_capitals": (
        "both are new capitals (Kembar's list of new capitals)",
        "sama-sama ibu kota baru (daftar ibu kota baru Kembar)",
    ),
    "why.capitals": ("both are national capitals (GeoNames)", "sama-sama ibu kota negara (GeoNames)"),
    "why.namesake": ("namesakes: both are called {name}", "senama: keduanya bernama {name}"),
    "why.mine_there": (
        "{place} already has {n} partners in {country}",
        "{place} sudah punya {n} mitra di {country}",
    ),
    "why.mine_there1": (
        "{place} already has a partner in {country}",
        "{place} sudah punya mitra di {country}",
    ),
    "why.likes_mine": ("{cand} has {n} partners in {country}", "{cand} punya {n} mitra di {country}"),
    "why.likes_mine1": ("{cand} has a partner in {country}", "{cand} punya mitra di {country}"),
    "why.linked": (
        "{n} partnerships already link {a} and {b}",
        "{n} kemitraan sudah menghubungkan {a} dan {b}",
    ),
    "why.linked1": (
        "1 partnership already links {a} and {b}",
        "1 kemitraan sudah menghubungkan {a} dan {b}",
    ),
    # between two regions' places: not the regions' own partnerships
    "why.region_linked": (
        "{n} partnerships already join places in {a} and in {b}",
        "{n} kemitraan sudah menghubungkan tempat di {a} dan di {b}",
    ),
    "why.region_linked1": (
        "1 partnership already joins places in {a} and in {b}",
        "1 kemitraan sudah menghubungkan tempat di {a} dan di {b}",
    ),
    "why.region_likes_mine": (
        "{region} already has {n} partnerships in {country}",
        "{region} sudah punya {n} kemitraan di {country}",
    ),
    "why.across": (
        "{cand} lies {km} km from {place}, in {country}",
        "{cand} berjarak {km} km dari {place}, di {country}",
    ),
    "why.fields": ("both work on {fields}", "sama-sama menggarap {fields}"),
    "why.priorities": ("works on {place}'s priorities: {fields}", "menggarap prioritas {place}: {fields}"),
    "why.neighbours": (
        "partnered with {n} places near {place}",
        "bermitra dengan {n} tempat di dekat {place}",
    ),
    "why.neighbours1": ("partnered with a place near {place}", "bermitra dengan tempat di dekat {place}"),
    "why.coast": (
        "both are on the coast (within 25 km of Natural Earth's coastline)",
        "sama-sama di pesisir (dalam 25 km dari garis pantai Natural Earth)",
    ),
    "why.band": (
        "both lie in the {band} latitudes ({a} and {b})",
        "sama-sama di lintang {band} ({a} dan {b})",
    ),
    "why.size": ("similar size: {a} and {b} people (GeoNames)", "ukuran serupa: {a} dan {b} jiwa (GeoNames)"),
    "kinds.city": ("cities", "kota"),
    "kinds.regency": ("regencies", "kabupaten"),
    "kinds.province": ("provinces", "provinsi"),
    "kinds.country": ("countries", "negara"),
    "why.connected1": ("a place with one partnership on record", "tempat dengan satu kemitraan tercatat"),
    "why.region_active": (
        "places in {region} have {n} partners on record",
        "tempat-tempat di {region} punya {n} mitra tercatat",
    ),
    "why.region_active1": (
        "a place in {region} has one partner on record",
        "satu tempat di {region} punya satu mitra tercatat",
    ),
    "why.status_size": (
        "same status and size: both {kind} of {a} and {b} people (GeoNames)",
        "status dan ukuran serupa: sama-sama {kind}, {a} dan {b} jiwa (GeoNames)",
    ),
    "why.offers": (
        "{cand} offers {fields}, which {place} seeks (declared profiles)",
        "{cand} menawarkan {fields}, yang dicari {place} (profil yang dinyatakan)",
    ),
    "why.function": ("both are {functions} (declared)", "sama-sama {functions} (dinyatakan)"),
    "why.by_declared": (" ({place}'s declared priorities)", " (prioritas yang dinyatakan {place})"),
    "why.by_offer": (" (what {place} offers)", " (yang ditawarkan {place})"),
    "why.by_partnership": (" (the partnership of {a} and {b})", " (kemitraan {a} dan {b})"),
    "why.network": ("close in the partnership network", "berdekatan dalam jaringan kemitraan"),
    "why.connected": ("a well-connected place ({n} partners)", "tempat yang banyak bermitra ({n} mitra)"),
    "band.tropical": ("tropical", "tropis"),
    "band.subtropical": ("subtropical", "subtropis"),
    "band.temperate": ("temperate", "sedang"),
    "band.cold": ("cold", "dingin"),
}
