"""Strings of the seeking-partners profiles, their page and the Ministry's criteria in
the recommendations' reasons: key -> (English, Bahasa Indonesia)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # what one seeking place finds in another, with its evidence
    "seek.mutual": (
        "both seek partners, each what the other seeks",
        "sama-sama mencari mitra yang saling cocok",
    ),
    "seek.country": ("{seeker} seeks partners in {value}", "{seeker} mencari mitra di {value}"),
    "seek.region": ("{seeker} seeks partners in {value}", "{seeker} mencari mitra di {value}"),
    "seek.size": ("{seeker} seeks a {value} place", "{seeker} mencari tempat berukuran {value}"),
    "seek.function": (
        "{seeker} seeks the characteristic “{value}”, which {other} has",
        "{seeker} mencari ciri “{value}”, yang dimiliki {other}",
    ),
    "seek.offers": (
        "{seeker} seeks {value}, which {other} offers",
        "{seeker} mencari {value}, yang ditawarkan {other}",
    ),
    "seek.by.declared": (" (declared)", " (dinyatakan)"),
    "seek.by.geonames": (" (GeoNames)", " (GeoNames)"),
    "seek.by.iso3166": (" (ISO 3166)", " (ISO 3166)"),
    "seek.by.register": (" (national register)", " (register nasional)"),
    "seek.by.curated": (" (Kembar's own list)", " (daftar Kembar sendiri)"),
    "seek.by.source": (" (the partnership lists)", " (daftar kemitraan)"),
    "seek.by.coastline": (" (Natural Earth coastline)", " (garis pantai Natural Earth)"),
    # the page
    "seeking.title": ("Places seeking partners", "Daerah yang mencari mitra"),
    "seeking.nav": ("Seeking partners", "Mencari mitra"),
    "seeking.intro": (
        "Local governments that say what partner they seek and what they offer. Two places that "
        "each seek the other's kind are listed as mutual matches.",
        "Pemerintah daerah yang menyatakan mitra yang dicari dan apa yang ditawarkan. Dua daerah "
        "yang saling mencari jenis satu sama lain ditampilkan sebagai pasangan yang cocok.",
    ),
    "seeking.none": (
        "No place seeking partners matches these filters.",
        "Tidak ada daerah pencari mitra yang cocok dengan saringan ini.",
    ),
    "seeking.empty": (
        "No place has said yet that it seeks partners. An officer says it in the profile on their "
        "place's page, and the place is listed here with its mutual matches.",
        "Belum ada daerah yang menyatakan mencari mitra. Petugas daerah menyatakannya di profil pada "
        "halaman daerahnya, lalu daerah itu tercantum di sini beserta pasangan yang cocok.",
    ),
    "seeking.yours": (
        "Say what partner your place seeks, and it is listed here:",
        "Nyatakan mitra yang dicari daerah Anda agar tercantum di sini:",
    ),
    "seeking.filter": ("Filter", "Saring"),
    "seeking.any": ("any", "semua"),
    "seeking.country": ("Country of the place (ISO code)", "Negara daerah (kode ISO)"),
    "seeking.region": ("World region of the place", "Kawasan daerah"),
    "seeking.field": ("Field sought or offered", "Bidang yang dicari atau ditawarkan"),
    "seeking.level": ("Level of government", "Tingkat pemerintahan"),
    "seeking.seeks": ("Seeks partners in (country, ISO code)", "Mencari mitra di (negara, kode ISO)"),
    "seeking.level.regional": ("Provinces, states, prefectures", "Provinsi, negara bagian, prefektur"),
    "seeking.level.local": ("Cities and regencies", "Kota dan kabupaten"),
    "seeking.statement": ("Statement", "Pernyataan"),
    "seeking.fields": ("Fields sought", "Bidang yang dicari"),
    "seeking.where": ("Partners sought in", "Mitra dicari di"),
    "seeking.size": ("Size sought", "Ukuran yang dicari"),
    "seeking.seeks_functions": ("Characteristics sought", "Ciri yang dicari"),
    "seeking.functions": ("What it is", "Ciri daerah"),
    "seeking.offers": ("Offers", "Menawarkan"),
    "seeking.contact": ("Contact", "Kontak"),
    "seeking.matches": ("Mutual matches", "Pasangan yang saling cocok"),
    "seeking.no_matches": ("No mutual match yet.", "Belum ada pasangan yang saling cocok."),
    "seeking.count": ("{n} places", "{n} daerah"),
    "seeking.count1": ("1 place", "1 daerah"),
    "seeking.unknown": ("Unknown filter value: {values}.", "Nilai saringan tidak dikenal: {values}."),
    "rec.mutual": ("Mutual match", "Saling cocok"),
    # the history's names of the profile's columns
    "field.seeking_countries": ("Countries sought", "Negara yang dicari"),
    "field.seeking_regions": ("World regions sought", "Kawasan yang dicari"),
    "field.seeking_size": ("Size sought", "Ukuran yang dicari"),
    "field.seeking_functions": ("Characteristics sought", "Ciri yang dicari"),
    "field.functions": ("What the place is", "Ciri daerah"),
    "field.offers": ("Offers", "Menawarkan"),
    "field.offers_note": ("What it offers", "Apa yang ditawarkan"),
    "field.seeking_contact": ("Contact for partners", "Kontak untuk calon mitra"),
    # profile form
    "profile.seeking_countries": (
        "Countries sought (ISO codes, comma-separated)",
        "Negara yang dicari (kode ISO, dipisah koma)",
    ),
    "profile.seeking_regions": ("World regions sought", "Kawasan yang dicari"),
    "profile.seeking_size": ("Size sought", "Ukuran yang dicari"),
    "profile.seeking_functions": ("Characteristics sought in a partner", "Ciri yang dicari pada mitra"),
    "profile.functions": ("What this place is", "Ciri daerah ini"),
    "profile.offers": ("Fields it offers", "Bidang yang ditawarkan"),
    "profile.offers_note": ("What it offers, in words", "Apa yang ditawarkan"),
    "profile.seeking_contact": (
        "Contact for partners (office, person or e-mail)",
        "Kontak untuk calon mitra (kantor, orang atau surel)",
    ),
}
