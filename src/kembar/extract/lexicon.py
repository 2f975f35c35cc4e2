"""The words extraction looks for, in Indonesian, Malay and English.

Patterns are matched on the original text, case-insensitively unless noted. Each list
is a vocabulary of the domain, not a reading of any one article.
"""

from __future__ import annotations

import re

# --- agreement cues -------------------------------------------------------------------
# (regex, partnership kind or None when the cue names no kind)
KIND_CUES: list[tuple[str, str]] = [
    (r"sister[\s-]+(?:city|cities|province|provinces|state|states|prefecture|county|town)", "sister_city"),
    (r"twin(?:ned)?[\s-]+(?:town|towns|city|cities)|twinning|jumelage|partnerstadt", "sister_city"),
    (r"kota\s+(?:kembar|bersaudara|berkembar)|provinsi\s+(?:kembar|bersaudara)", "sister_city"),
    (r"bandar\s+(?:kembar|berkembar)|negeri\s+(?:kembar|berkembar)|kota\s+kembaran", "sister_city"),
    (
        r"friendship[\s-]+(?:city|cities|province|provinces|relations?hip)|kota\s+persahabatan",
        "friendship_city",
    ),
    (r"bandar\s+persahabatan|hubungan\s+persahabatan\s+antar\s*kota", "friendship_city"),
]
GENERIC_COOPERATION = (
    r"kerja\s*sama|kerjasama|kemitraan|kolaborasi|cooperation|co-operation|partnership|collaboration|"
    r"kerjasama\s+antara|memorandum|mou\b|nota\s+kesepahaman|nota\s+persefahaman|letter\s+of\s+intent|"
    r"\bloi\b|surat\s+pernyataan\s+kehendak|perjanjian|\bpks\b|agreement|memorandum\s+persefahaman|"
    r"hubungan\s+serupa|similar\s+(?:ties|relations?hip|agreement)"
)
INSTRUMENT_CUES: list[tuple[str, str]] = [
    (r"letter\s+of\s+intent|\blois?\b|surat\s+pernyataan\s+kehendak|surat\s+niat", "loi"),
    (
        r"memorandum\s+of\s+understanding|\bmous?\b|nota\s+kesepahaman|nota\s+kesefahaman|"
        r"memorandum\s+persefahaman|memorandum\s+saling\s+pengertian|\bmou\b",
        "mou",
    ),
    (
        r"perjanjian\s+kerja\s*sama|\bpks\b|implementation\s+agreement|cooperation\s+agreement|"
        r"sister[\s-]+city\s+agreement|perjanjian\s+kota\s+kembar|\bagreement\b|perjanjian\s+persefahaman|"
        r"\bperjanjian\b|\bpact\b|\bpakta\b",
        "agreement",
    ),
]
# Status cues, strongest first: a renewal outranks a signing, a signing a plan.
STATUS_CUES: list[tuple[str, str]] = [
    (
        r"memperpanjang|perpanjangan|diperpanjang|memperbarui|memperbaharui|diperbarui|diperbaharui|"
        r"renew(?:ed|al|s|ing)?\b|extend(?:ed|s)?\s+(?:the|their|its)|extension\s+of|"
        r"melanjutkan\s+kerja\s*sama|menyambung|pembaharuan",
        "renewed",
    ),
    (
        r"menandatangani|penandatanganan|ditandatangani|meneken|diteken|signed|signing|sign\b|inked|"
        r"menandatangan|memeterai|dimeterai|resmi\s+menjalin|secara\s+resmi|officially\s+(?:became|established)|"
        r"formalised|formalized|meresmikan|diresmikan",
        "signed",
    ),
    (
        r"\bakan\b|berencana|rencana|merencanakan|menjajaki|penjajakan|menjajak|\bjajaki|berharap|harapan|"
        r"semoga|mengusulkan|usulan|diusulkan|mendorong|penjajakan|bakal|\bplan(?:s|ned|ning)?\b|"
        r"\bwill\b|intend|propos(?:e|ed|al)|explor(?:e|ing|ation)|hope|aim(?:s|ing)?\s+to|\bakan\s+datang|"
        r"\bingin\b|wish(?:es)?\s+to|consider(?:ing)?|bercadang|merancang|dijangka|\bbakal\b",
        "planned",
    ),
    (
        r"sebelumnya|telah\s+menjalin|sudah\s+menjalin|telah\s+lama|sejak\s+(?:tahun\s+)?\d{4}|"
        r"selama\s+ini|merupakan\s+(?:kota\s+kembar|sister)|already|existing|long[\s-]standing|"
        r"since\s+\d{4}|has\s+been|have\s+been|have\s+had|has\s+had|previously|earlier|"
        r"telah\s+terjalin|yang\s+terjalin|sedia\s+ada|sejak\s+lama|terdahulu",
        "existing",
    ),
]
STATUS_RANK = {"renewed": 4, "signed": 3, "planned": 2, "existing": 1}

# Clauses that make the agreement national, not subnational.
NATIONAL_CUES = r"hubungan\s+bilateral|bilateral\s+relations|kedua\s+negara|both\s+countries|antar\s*negara"

# --- fields of cooperation --------------------------------------------------------------
# Listing cues: a sentence names fields only when it lists areas of cooperation.
FIELD_LIST_CUES = (
    r"bidang|sektor|fokus|meliputi|mencakup|di\s*antaranya|antara\s+lain|termasuk|"
    r"\bfields?\b|\bareas?\b|\bsectors?\b|focus(?:es|ing)?\s+on|covering|cover(?:s)?\b|including|"
    r"such\s+as|in\s+terms\s+of|cooperation\s+(?:in|on)|collaborat\w*\s+(?:in|on)|kerja\s*sama\s+(?:di|dalam)|"
    r"seperti|khususnya|terutama|merangkumi|seperti\s+mana|focus\w*\s+on|co-?operat\w*(?:\s+\w+){0,2}\s+(?:in|on)\b|"
    r"work\s+together\s+on|to\s+(?:boost|promote|strengthen|develop|deepen)|untuk\s+(?:meningkatkan|mengembangkan|memperkuat)|"
    r"bagi\s+(?:meningkatkan|memperkukuh|mengembangkan)|tumpuan|difokuskan|memfokuskan|berfokus"
)
# Words that, just before an agreement cue, make it a plan ("akan memperpanjang",
# "intend to renew", "expected to be signed").
PLANNED_BEFORE = (
    r"\b(?:akan|berencana|rencana|merencanakan|ingin|hendak|bakal|ditargetkan|dijadwalkan|diharapkan|"
    r"merancang(?:\s+untuk)?|bercadang|dijangka|will|would|intends?\s+to|plans?\s+to|planning\s+to|"
    r"expected\s+to(?:\s+be)?|set\s+to(?:\s+be)?|aims?\s+to|hopes?\s+to|to\s+be|could|may)\s+(?:\w+\s+){0,2}$"
    r"|\b(?:to|untuk)\s+$"
)
NEGATION_BEFORE = r"(?:\bno\b|\bnot\b|never|belum|tidak|bukan|tiada|tanpa|without)\s+(?:\w+\s+){0,5}$"
FIELD_TERMS: dict[str, str] = {
    "economy_trade": r"ekonomi|perdagangan|dagang|bisnis|business|umkm|ukm|\bsmes?\b|economy|economic|"
    r"trade|commerce|perniagaan|usahawan|b2b|business\s+to\s+business|business\s+matching|temu\s+bisnis",
    "investment": r"investasi|penanaman\s+modal|investor|investment|pelaburan",
    "tourism": r"pariwisata|wisata|tourism|pelancongan|tourist",
    "culture": r"budaya|kebudayaan|seni\b|kesenian|cagar\s+budaya|culture|cultural|heritage|\barts?\b|warisan",
    "education": r"pendidikan|beasiswa|pertukaran\s+pelajar|pertukaran\s+mahasiswa|universitas|sekolah|"
    r"education|scholarships?|student\s+exchange|universit(?:y|ies)|schools?|academic|biasiswa|pelajar",
    "health": r"kesehatan|kesihatan|health|hospitals?|rumah\s+sakit|medical|medis",
    "social_welfare": r"kesejahteraan|sosial|welfare|social\s+(?:services|affairs|welfare)|poverty|"
    r"kemiskinan|inklusi|inclusion|kebajikan",
    "environment_climate": r"lingkungan|perubahan\s+iklim|iklim|gedung\s+hijau|bangunan\s+hijau|hutan|"
    r"environment\w*|climate|green\s+buildings?|decarboni[sz]\w*\s+(?!of\s+energy)|pollution|polusi|"
    r"pencemaran|forests?|alam\s+sekitar|emisi|emissions?|ramah\s+lingkungan",
    "energy": r"energi|tenaga|energy|renewables?|listrik|electricity|dekarbonisasi\s+energi|tenaga\s+boleh",
    "transport": r"transportasi|transport\w*|lalu\s+lintas|kemacetan|traffic|mobility|mobilitas|"
    r"public\s+transit|pengangkutan|angkutan|transit",
    "urban_planning": r"tata\s+kota|pengelolaan\s+kota|perkotaan|perencanaan\s+kota|urban\s+planning|"
    r"urban\s+management|urban\s+development|city\s+planning|city\s+development|housing|perumahan|"
    r"perancangan\s+bandar|pembangunan\s+kota|tata\s+ruang",
    "disaster_water": r"banjir|bencana|air\s+bersih|drainase|floods?|flooding|disasters?|drainage|"
    r"water\s+supply|water\s+management|pengelolaan\s+air|sumber\s+daya\s+air|kebencanaan|air\s+minum",
    "waste": r"sampah|limbah|waste|sanitasi|sanitation|sisa\s+pepejal|pengurusan\s+sisa",
    "technology_innovation": r"teknologi|inovasi|kota\s+cerdas|smart\s+city|digital|technology|"
    r"innovation|teknologi\s+informasi|bandar\s+pintar|startups?",
    "governance": r"pemerintahan|tata\s+kelola|kapasitas\s+kelembagaan|sdm\s+aparatur|governance|"
    r"public\s+administration|capacity\s+building|civil\s+service|birokrasi|pentadbiran",
    "youth_sports": r"pemuda|olahraga|youth|sports?|kepemudaan|belia|sukan",
    "agriculture_food": r"pertanian|pangan|perikanan|agricultur\w*|food|fisher(?:y|ies)|farming|"
    r"peternakan|pertanian|makanan",
    "industry": r"industri|hilirisasi|industry|industrial|manufactur\w*|pembuatan|perindustrian",
}

# --- events --------------------------------------------------------------------------
EVENT_CUES: list[tuple[str, str]] = [
    (
        r"bus+ines+\s+meetings?|temu\s+bisnis|pertemuan\s+bisnis|business\s+forum|"
        r"forum\s+bisnis|misi\s+dagang|trade\s+mission|business\s+matching",
        "business_meeting",
    ),
    (
        r"workshop|lokakarya|bengkel|seminar|simposium|symposium|konferensi|conference|forum\s+diskusi",
        "workshop",
    ),
    (
        r"pertukaran\s+(?:pelajar|mahasiswa|budaya|pegawai)|exchange\s+programme|exchange\s+program|"
        r"student\s+exchange|cultural\s+exchange",
        "exchange",
    ),
    (
        r"kunjungan|berkunjung|mengunjungi|lawatan|melawat|visit(?:ed|s|ing)?\b|delegasi|delegation|rombongan",
        "visit",
    ),
]
COUNT_CUES = {
    "speakers": r"(\d{1,4})\s+(?:orang\s+)?(?:narasumber|pembicara|speakers|panelis|panelists|penceramah)",
    "participants": r"(?:dihadiri\s+(?:oleh\s+)?|attended\s+by\s+|diikuti\s+(?:oleh\s+)?)?(\d{1,5})\s+"
    r"(?:orang\s+)?(?:peserta|participants|attendees|hadirin|delegates)",
}

# --- people --------------------------------------------------------------------------
# Titles that open a role; the role runs on through the organisation or place it names.
ROLE_TITLES = (
    r"Gubernur|Wakil\s+Gubernur|Wali\s*kota|Walikota|Wakil\s+Wali\s*kota|Bupati|Wakil\s+Bupati|"
    r"Kepala\s+Otorita|Kepala\s+Dinas|Kepala\s+Badan|Kepala\s+Biro|Kepala|Plt\.?\s+Kepala|Sekretaris\s+Daerah|"
    r"Sekda|Asisten|Duta\s+Besar|Dubes|Konsul\s+Jenderal|Konjen|Menteri|Wakil\s+Menteri|Direktur\s+Jenderal|"
    r"Dirjen|Direktur|Ketua|Wakil\s+Ketua|Presiden|Wakil\s+Presiden|Akim|Mayor|Deputy\s+Mayor|Governor|"
    r"Vice\s+Governor|Lieutenant\s+Governor|Ambassador|Consul[\s-]+General|Minister|Secretary|Director|"
    r"Chairman|Chairperson|President|Head|Datuk\s+Bandar|Datuk\s+Bandar|Menteri\s+Besar|Ketua\s+Menteri|"
    r"Yang\s+Dipertua|Datuk|Dato'?|Dato’|Tan\s+Sri"
)
HONORIFICS = r"(?:Dato[’']?\s+Seri|Datuk\s+Seri|Dato[’']?|Datuk|Tan\s+Sri|Dr\.?|Prof\.?|Ir\.?|H\.|Hj\.?|Drs\.?|Mr\.?|Mrs\.?|Ms\.?)"

# --- amounts -------------------------------------------------------------------------
CURRENCIES = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "rp": "IDR",
    "rp.": "IDR",
    "idr": "IDR",
    "rm": "MYR",
    "myr": "MYR",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "won": "KRW",
    "krw": "KRW",
    "s$": "SGD",
    "sgd": "SGD",
    "a$": "AUD",
    "aud": "AUD",
    "£": "GBP",
    "gbp": "GBP",
}
MULTIPLIERS = {
    "ribu": 1e3,
    "thousand": 1e3,
    "rb": 1e3,
    "juta": 1e6,
    "jt": 1e6,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "bilion": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "triliun": 1e12,
    "trilion": 1e12,
    "trillion": 1e12,
    "t": 1e12,
}
CHANGE_UP = r"meningkat|naik|tumbuh|bertambah|melonjak|increase[sd]?|rose|grew|up\s+by|jumped|growth\s+of|pertumbuhan|peningkatan|meningkat\s+sebanyak"
CHANGE_DOWN = r"turun|menurun|berkurang|merosot|decrease[sd]?|fell|declined|dropped|down\s+by|penurunan"

# --- dates ---------------------------------------------------------------------------
MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "pebruari": 2,
    "maret": 3,
    "march": 3,
    "mac": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "julai": 7,
    "agustus": 8,
    "august": 8,
    "ogos": 8,
    "aug": 8,
    "agt": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "december": 12,
    "disember": 12,
    "dec": 12,
    "des": 12,
}
WEEKDAYS = (
    "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|isnin|khamis|monday|tuesday|wednesday|"
    "thursday|friday|saturday|sunday"
)


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)
