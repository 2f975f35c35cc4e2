"""Every controlled vocabulary of the domain, with English and Indonesian labels.

One place defines kinds, stages, instrument types, activity types, place kinds and
the fields of cooperation; everything else imports from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    en: str
    id: str
    description: str = ""

    def label(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


def _index(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {t.key: t for t in terms}


PLACE_KINDS = _index(
    (
        Term("country", "Country", "Negara"),
        Term("province", "Province / state / prefecture", "Provinsi / negara bagian / prefektur"),
        Term("regency", "Regency / county / district", "Kabupaten / county / distrik"),
        Term("city", "City / town", "Kota"),
    )
)

# The tags the gazetteer puts on a place (resolve.py, extra_places.csv): a national
# capital (GeoNames), and one that was built or designated as such (new_capitals.csv).
PLACE_TAGS = _index(
    (
        Term("capital", "National capital", "Ibu kota negara"),
        Term("new_capital", "Planned capital", "Ibu kota baru"),
    )
)

PARTNERSHIP_KINDS = _index(
    (
        Term("sister_city", "Sister city / twin town", "Kota kembar / kota bersaudara"),
        Term("friendship_city", "Friendship city", "Kota persahabatan"),
        Term("cooperation", "Cooperation", "Kerja sama"),
    )
)

# The path a partnership walks, in order; "ended" closes it.
STAGES = _index(
    (
        Term("exploration", "Exploration", "Penjajakan"),
        Term("loi", "Letter of Intent", "Surat Pernyataan Kehendak (LoI)"),
        Term("plan", "Plan of action", "Rencana aksi"),
        Term("council_approval", "Council approval", "Persetujuan DPRD"),
        Term("ministry_facilitation", "Ministry facilitation", "Fasilitasi kementerian"),
        Term("mou", "Memorandum of Understanding", "Nota kesepahaman (MoU)"),
        Term("implementation_agreement", "Implementation agreement", "Perjanjian kerja sama (PKS)"),
        Term("evaluation", "Evaluation", "Evaluasi"),
        Term("renewal", "Renewal", "Perpanjangan"),
        Term("ended", "Ended", "Berakhir"),
    )
)

INSTRUMENT_TYPES = _index(
    (
        Term("loi", "Letter of Intent", "Surat Pernyataan Kehendak"),
        Term("mou", "Memorandum of Understanding", "Nota kesepahaman"),
        Term("agreement", "Implementation agreement", "Perjanjian kerja sama"),
        Term("renewal", "Renewal", "Perpanjangan"),
        # read in an article that names no type ("signed a cooperation"): proves no stage
        Term("other", "Other instrument (type not stated)", "Dokumen lain (jenis tidak disebut)"),
    )
)

INSTRUMENT_STATUSES = _index(
    (
        Term("signed", "Signed", "Ditandatangani"),
        Term("planned", "Planned", "Direncanakan"),
        Term("renewed", "Renewed", "Diperpanjang"),
        Term("existing", "In force", "Berlaku"),
    )
)

# What a document of a partnership is, for the steps of the procedure that need it.
DOCUMENT_PURPOSES = _index(
    (
        Term("letter_of_intent", "Letter of Intent", "Surat Pernyataan Kehendak (LoI)"),
        Term("terms_of_reference", "Terms of reference", "Kerangka acuan kerja (KAK)"),
        Term("plan_of_action", "Plan of action", "Rencana aksi"),
        Term("council_approval", "Council (DPRD) approval", "Surat persetujuan DPRD"),
        Term(
            "facilitation_request",
            "Request for facilitation to the Ministry of Home Affairs",
            "Surat permohonan fasilitasi kepada Kementerian Dalam Negeri",
        ),
        Term(
            "draft_mou",
            "Draft MoU reviewed with the Ministry of Foreign Affairs",
            "Rancangan MoU yang dibahas dengan Kementerian Luar Negeri",
        ),
        Term("full_power", "Full power", "Surat kuasa (full power)"),
        Term("mou", "Signed MoU", "MoU yang ditandatangani"),
        Term("implementation_agreement", "Implementation agreement", "Perjanjian kerja sama (PKS)"),
        Term("evaluation_report", "Evaluation report", "Laporan evaluasi"),
        Term("renewal", "Renewal or amendment", "Perpanjangan atau perubahan"),
        Term("other", "Other document", "Dokumen lain"),
    )
)

# How an instrument stands today, from its dates (lifecycle/status.py).
VALIDITY = _index(
    (
        Term("valid", "Valid", "Berlaku"),
        Term("expiring", "Expiring", "Akan berakhir"),
        Term("expired", "Expired", "Kedaluwarsa"),
        Term("renewed", "Renewed", "Sudah diperpanjang"),
        Term("unknown", "Validity unknown", "Masa berlaku tidak diketahui"),
        Term("planned", "Not signed yet", "Belum ditandatangani"),
    )
)

# How a partnership stands today, from the dates of its facts (lifecycle/status.py).
PARTNERSHIP_STATUSES = _index(
    (
        Term("active", "Active", "Aktif"),
        Term("quiet", "Quiet", "Sepi"),
        Term("dormant", "Dormant", "Tidak aktif"),
        Term("never_implemented", "Signed, never implemented", "Ditandatangani, belum dilaksanakan"),
        Term("ended", "Ended", "Berakhir"),
        Term("unknown", "Unknown", "Tidak diketahui"),
    )
)

ACTIVITY_TYPES = _index(
    (
        Term("signing", "Signing", "Penandatanganan"),
        Term("visit", "Visit", "Kunjungan"),
        Term("business_meeting", "Business meeting", "Temu bisnis"),
        Term("workshop", "Workshop", "Lokakarya"),
        Term("exchange", "Exchange", "Pertukaran"),
    )
)

# The keys of shared/eval/fields.md, the contract of the extraction scorer.
FIELDS = _index(
    (
        Term(
            "economy_trade",
            "Economy and trade",
            "Ekonomi dan perdagangan",
            "economy, trade, business matching, SMEs, B2B",
        ),
        Term("investment", "Investment", "Investasi", "investment promotion, investors"),
        Term("tourism", "Tourism", "Pariwisata", "tourism, promotion of destinations"),
        Term("culture", "Culture", "Kebudayaan", "culture, arts, heritage, cultural exchange"),
        Term("education", "Education", "Pendidikan", "schools, universities, scholarships, student exchange"),
        Term("health", "Health", "Kesehatan", "health care, hospitals, public health"),
        Term(
            "social_welfare",
            "Social welfare",
            "Kesejahteraan sosial",
            "welfare, social services, poverty, inclusion",
        ),
        Term(
            "environment_climate",
            "Environment and climate",
            "Lingkungan dan iklim",
            "climate change, green buildings, decarbonisation, pollution, forests",
        ),
        Term("energy", "Energy", "Energi", "energy supply, renewables, energy transition"),
        Term("transport", "Transport", "Transportasi", "transport, traffic, mobility, public transit"),
        Term(
            "urban_planning",
            "Urban planning",
            "Tata kota",
            "urban planning and management, housing, city development",
        ),
        Term(
            "disaster_water",
            "Disasters and water",
            "Kebencanaan dan air",
            "floods, disaster risk, drainage, water supply",
        ),
        Term("waste", "Waste and sanitation", "Persampahan dan sanitasi", "waste and sanitation"),
        Term(
            "technology_innovation",
            "Technology and innovation",
            "Teknologi dan inovasi",
            "technology, innovation, smart city, digital",
        ),
        Term(
            "governance",
            "Governance",
            "Tata kelola pemerintahan",
            "public administration, capacity building, civil service",
        ),
        Term("youth_sports", "Youth and sports", "Kepemudaan dan olahraga", "youth and sports"),
        Term(
            "agriculture_food", "Agriculture and food", "Pertanian dan pangan", "agriculture, food, fisheries"
        ),
        Term("industry", "Industry", "Industri", "industry, manufacturing, downstream processing"),
    )
)

# What a place seeking partners may ask of one, and say of itself (registry/profiles.py,
# seeking.py): world regions (GeoNames continent codes), size by population, and functions.
WORLD_REGIONS = _index(
    (
        Term("AF", "Africa", "Afrika"),
        Term("AS", "Asia", "Asia"),
        Term("EU", "Europe", "Eropa"),
        Term("NA", "North and Central America", "Amerika Utara dan Tengah"),
        Term("SA", "South America", "Amerika Selatan"),
        Term("OC", "Oceania", "Oseania"),
    )
)
SIZES = _index(
    (
        Term("small", "Small (under 100,000 people)", "Kecil (di bawah 100.000 jiwa)"),
        Term("medium", "Medium (100,000 to 1 million)", "Sedang (100.000 sampai 1 juta)"),
        Term("large", "Large (over 1 million)", "Besar (di atas 1 juta)"),
    )
)
FUNCTIONS = _index(
    (
        Term("capital", "Capital", "Ibu kota", "a national or regional capital"),
        Term("port", "Port", "Kota pelabuhan", "a sea or river port"),
        Term("industrial", "Industrial", "Kota industri", "manufacturing, industrial estates"),
        Term("tourism", "Tourism", "Kota wisata", "a tourist destination"),
        Term("university", "University city", "Kota pendidikan", "universities, research"),
        Term("coastal", "Coastal", "Pesisir", "on the coast"),
    )
)

# Roles of accounts, from the most to the least powerful (kembar.permissions says what each may do).
ROLES = _index(
    (
        Term("admin", "Administrator", "Administrator", "manages users; reviews and edits anything"),
        Term("reviewer", "Reviewer", "Peninjau", "decides the news queue; edits anything"),
        Term("editor", "Editor", "Penyunting", "edits partnerships with a party in scope"),
        Term("viewer", "Viewer", "Pembaca", "signed in: reads contacts, writes nothing"),
    )
)

# Through what a change reaches the registry.
CHANNELS = ("web", "api", "cli", "ingest", "atlas")

# What a fact row in Evidence may point at.
EVIDENCE_SUBJECTS = ("place", "partnership", "instrument", "activity", "participation", "indicator")


def check(vocabulary: dict[str, Term], key: str, what: str) -> str:
    """Return `key` when the vocabulary has it, else raise naming the valid keys."""
    from kembar.errors import InvalidInput

    if key not in vocabulary:
        message = f"unknown {what} {key!r}; valid: {', '.join(vocabulary)}"
        raise InvalidInput(message, "form.unknown", {"values": key}, field=what)
    return key
