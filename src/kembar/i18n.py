"""Interface languages (Bahasa Indonesia and English): the strings of the pages, and
numbers and dates formatted per language with Babel."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from kembar import vocab
from kembar.errors import KembarError, Label, Message, Param, Phrase, When
from kembar.i18n_articles import HANDED_IN
from kembar.i18n_articles import MESSAGES as ARTICLE_MESSAGES
from kembar.i18n_atlas import MESSAGES as ATLAS_MESSAGES
from kembar.i18n_errors import MESSAGES as ERROR_MESSAGES
from kembar.i18n_figures import MESSAGES as FIGURE_MESSAGES
from kembar.i18n_history import MESSAGES as HISTORY_MESSAGES
from kembar.i18n_lifecycle import MESSAGES as LIFECYCLE_MESSAGES
from kembar.i18n_reasons import MESSAGES as REASON_MESSAGES
from kembar.i18n_registry import MESSAGES as REGISTRY_MESSAGES
from kembar.i18n_review import MESSAGES as REVIEW_MESSAGES
from kembar.i18n_seeking import MESSAGES as SEEKING_MESSAGES

LANGUAGES = ("id", "en")
DEFAULT = "en"
LOCALES = {"id": "id_ID", "en": "en_GB"}

# key: (English, Bahasa Indonesia)
MESSAGES: dict[str, tuple[str, str]] = {
    "tagline": (
        "The open atlas and registry of city-to-city cooperation",
        "Atlas dan registri terbuka kerja sama antarkota",
    ),
    "nav.map": ("Map", "Peta"),
    "nav.network": ("Network", "Jaringan"),
    "nav.countries": ("Indonesia", "Indonesia"),
    "nav.api": ("API", "API"),
    "home.lead": (
        "{partnerships} partnerships between {places} places in {countries} countries. "
        "Click a place to see its partners.",
        "{partnerships} kemitraan antara {places} tempat di {countries} negara. "
        "Klik sebuah tempat untuk melihat mitranya.",
    ),
    "home.loading": ("Drawing the map…", "Menggambar peta…"),
    "home.top": ("Most partnered places", "Tempat dengan mitra terbanyak"),
    "home.legend": (
        "Lines: partnerships. Circles: places, sized by number of partners.",
        "Garis: kemitraan. Lingkaran: tempat, ukurannya menurut jumlah mitra.",
    ),
    "place.country": ("Country", "Negara"),
    "place.region": ("Region", "Wilayah"),
    "place.population": ("Population", "Penduduk"),
    "place.coordinates": ("Coordinates", "Koordinat"),
    "place.kind": ("Kind", "Jenis"),
    "place.tags": ("Tags", "Penanda"),
    "place.names": ("Also known as", "Dikenal juga sebagai"),
    "place.resolution": ("Resolved by", "Dikenali melalui"),
    "resolution.geonames": ("a GeoNames city", "kota di GeoNames"),
    "resolution.geonames_admin": (
        "a GeoNames county or municipality",
        "wilayah administratif (kabupaten/kota) di GeoNames",
    ),
    "resolution.register": (
        "an official register (French communes, German districts, Korean si, gun and gu, with"
        " coordinates from the dataset; Indonesian kabupaten and kota)",
        "daftar resmi (komune Prancis, distrik Jerman, si, gun dan gu Korea, dengan koordinat"
        " dari dataset; kabupaten dan kota Indonesia)",
    ),
    "resolution.iso3166": ("ISO 3166", "ISO 3166"),
    "resolution.curated": ("Kembar's own list", "daftar Kembar sendiri"),
    "resolution.unresolved": (
        "not resolved: coordinates from the dataset",
        "belum dikenali: koordinat dari dataset",
    ),
    "place.partners": ("Partners", "Mitra"),
    "place.no_partners": ("No partnership is recorded yet.", "Belum ada kemitraan yang tercatat."),
    "place.timeline": ("Timeline", "Lini masa"),
    "place.no_timeline": (
        "No dated instrument or activity yet.",
        "Belum ada dokumen atau kegiatan yang bertanggal.",
    ),
    "place.sources": ("Sources", "Sumber"),
    "place.no_sources": ("No source recorded.", "Belum ada sumber yang tercatat."),
    "place.suggested": ("Suggested partners", "Usulan mitra"),
    # a country's row as a place has no partner suggestions (cities partner, not countries)
    "place.country_page": (
        "Partner suggestions are for cities, regencies and provinces. The country's partnerships:",
        "Usulan mitra hanya untuk kota, kabupaten dan provinsi. Kemitraan negara ini:",
    ),
    "place.suggested_loading": ("Finding suggestions…", "Mencari usulan…"),
    "place.suggested_none": ("No suggestion for this place.", "Belum ada usulan untuk tempat ini."),
    "place.suggested_updating": (
        "Suggestions are being updated with the latest partnerships; they appear here in a minute or two.",
        "Usulan sedang diperbarui dengan kemitraan terbaru; "
        "usulan akan muncul di sini dalam satu atau dua menit.",
    ),
    "place.priorities": ("Declared priorities:", "Prioritas yang dinyatakan:"),
    "col.partner": ("Partner", "Mitra"),
    "col.country": ("Country", "Negara"),
    "col.kind": ("Kind", "Jenis"),
    "col.stage": ("Stage", "Tahap"),
    "col.since": ("Since", "Sejak"),
    "col.place": ("Place", "Tempat"),
    "col.partners": ("Partners", "Mitra"),
    "col.centrality": ("Centrality", "Sentralitas"),
    "col.partnerships": ("Partnerships", "Kemitraan"),
    "col.date": ("Date", "Tanggal"),
    "col.what": ("What", "Apa"),
    "col.value": ("Value", "Nilai"),
    "col.period": ("Period", "Periode"),
    "col.change": ("Change", "Perubahan"),
    "col.parties": ("Parties", "Pihak"),
    "stage.unknown": (
        "Stage not recorded (listed as established).",
        "Tahap belum tercatat (terdaftar sebagai sudah terjalin).",
    ),
    "stage.not_recorded": ("not recorded", "tidak tercatat"),  # in brackets after a stage
    "stage.none": ("Not recorded", "Tidak tercatat"),  # a value of its own (facets, lists)
    "partnership.title": ("Partnership", "Kemitraan"),
    "partnership.stage": ("Stage", "Tahap"),
    "partnership.instruments": ("Instruments", "Dokumen kerja sama"),
    "partnership.no_instruments": ("No instrument recorded.", "Belum ada dokumen yang tercatat."),
    "partnership.signed_on": ("signed on", "ditandatangani pada"),
    "partnership.planned_for": ("planned for", "direncanakan pada"),
    "partnership.signed_at": ("at", "di"),
    "partnership.valid_until": ("valid until", "berlaku hingga"),
    "partnership.signatories": ("Signatories", "Penanda tangan"),
    "partnership.fields": ("Fields of cooperation", "Bidang kerja sama"),
    "partnership.no_fields": ("No field recorded.", "Belum ada bidang yang tercatat."),
    "partnership.activities": ("Activities", "Kegiatan"),
    "partnership.no_activities": ("No activity recorded.", "Belum ada kegiatan yang tercatat."),
    "partnership.evidence": ("Evidence", "Bukti"),
    "partnership.indicators": ("Figures", "Angka"),
    "evidence.row": ("row", "baris"),
    # The bundled atlas's source row (atlas/dataset.py SOURCE_TITLE and ATTRIBUTION, the
    # English words as stored), shown in the reader's language.
    "source.atlas.title": (
        "Wikipedia: lists of twin towns and sister cities (via Hekman/twincities)",
        "Wikipedia: daftar kota kembar dan kota bersaudara (melalui Hekman/twincities)",
    ),
    "source.atlas.attribution": (
        "Partnership pairs from the English Wikipedia lists of twin towns and sister cities "
        "(Wikipedia contributors, CC BY-SA 4.0), scraped and geocoded by the Hekman/twincities "
        "project (MIT licence).",
        "Pasangan kemitraan dari daftar kota kembar dan kota bersaudara di Wikipedia bahasa "
        "Inggris (para kontributor Wikipedia, CC BY-SA 4.0), dikumpulkan dan diberi koordinat "
        "oleh proyek Hekman/twincities (lisensi MIT).",
    ),
    "activity.speakers": ("speakers", "narasumber"),
    "activity.participants": ("participants", "peserta"),
    "country.partnerships": ("Partnerships", "Kemitraan"),
    "country.places": ("Partnered places", "Tempat bermitra"),
    "country.top": ("Most partnered places", "Tempat dengan mitra terbanyak"),
    "country.partner_countries": ("Partner countries", "Negara mitra"),
    "country.activities": ("Activities", "Kegiatan"),
    "country.indicators": ("Figures", "Angka"),
    "country.no_indicators": ("No figure recorded yet.", "Belum ada angka yang tercatat."),
    "country.no_activities": ("No activity recorded yet.", "Belum ada kegiatan yang tercatat."),
    "pair.title": ("Partnerships between {a} and {b}", "Kemitraan antara {a} dan {b}"),
    "pair.none": (
        "No subnational partnership between the two is recorded.",
        "Belum ada kemitraan subnasional antara keduanya yang tercatat.",
    ),
    "pair.shown": ("showing {n} of {total}", "menampilkan {n} dari {total}"),
    "network.title": ("The network of partnerships", "Jaringan kemitraan"),
    "network.by_partners": ("Places by number of partners", "Tempat menurut jumlah mitra"),
    "network.by_centrality": (
        "Places by centrality (PageRank, 1 = average place)",
        "Tempat menurut sentralitas (PageRank, 1 = rata-rata)",
    ),
    "network.matrix": (
        "Partnerships between the {n} most partnered countries",
        "Kemitraan antara {n} negara dengan kemitraan terbanyak",
    ),
    "network.distribution": ("Places by number of partners", "Jumlah tempat menurut banyaknya mitra"),
    "network.places_axis": ("places", "tempat"),
    "error.title": ("Not found", "Tidak ditemukan"),
    "error.bad": ("Bad request", "Permintaan tidak valid"),
    "error.back": ("Back to the map", "Kembali ke peta"),
    "footer.data": (
        "Data: Wikipedia lists of twin towns and sister cities (CC BY-SA 4.0) via Hekman/twincities; "
        "GeoNames (CC BY 4.0); ISO 3166, with region names from iso3166-2-db (MIT); "
        "Indonesia's kabupaten and kota from Kemendagri via "
        "idn-area-data (ODbL 1.0); INSEE (Licence Ouverte) and Destatis (CC BY 4.0) registers; "
        "Natural Earth; news articles as cited.",
        "Data: daftar kota kembar Wikipedia (CC BY-SA 4.0) melalui Hekman/twincities; GeoNames "
        "(CC BY 4.0); ISO 3166, dengan nama wilayah dari iso3166-2-db (MIT); "
        "kabupaten dan kota Indonesia dari Kemendagri melalui idn-area-data "
        "(ODbL 1.0); register INSEE (Licence Ouverte) dan Destatis (CC BY 4.0); Natural Earth; "
        "artikel berita sebagaimana dikutip.",
    ),
    "lang.switch": ("Bahasa Indonesia", "English"),
    "unknown": ("unknown", "tidak diketahui"),
    "nav.review": ("Review", "Tinjauan"),
    "review.title": ("Review queue", "Antrean tinjauan"),
    "review.lead": (
        "Facts read from news articles, waiting for a reviewer: open one to check it against the "
        "article, correct it, and accept or reject it.",
        "Fakta yang dibaca dari artikel berita, menunggu peninjau: buka salah satunya untuk "
        "mencocokkannya dengan artikel, mengoreksinya, lalu menerima atau menolaknya.",
    ),
    "review.pending": ("Pending", "Menunggu"),
    "review.accepted": ("Accepted", "Diterima"),
    "review.rejected": ("Rejected", "Ditolak"),
    "review.all": ("All", "Semua"),
    "review.kind": ("What", "Jenis"),
    "review.status": ("Status", "Status"),
    "review.summary": ("Proposal", "Usulan"),
    "review.proposal": ("Proposal", "Usulan"),
    "review.valid_until": ("Valid until", "Berlaku hingga"),
    "review.years": ("years", "tahun"),
    "review.number": ("Document number", "Nomor dokumen"),
    "review.none": ("No proposal here.", "Tidak ada usulan."),
    "review.k.partnership": ("Partnership", "Kemitraan"),
    "review.k.event": ("Activity", "Kegiatan"),
    "review.k.amount": ("Figure", "Angka"),
    # accounts (web/account.py)
    "nav.sign_in": ("Sign in", "Masuk"),
    "nav.sign_out": ("Sign out", "Keluar"),
    "nav.account": ("My account", "Akun saya"),
    "nav.users": ("Users", "Pengguna"),
    "login.title": ("Sign in", "Masuk"),
    "login.lead": (
        "Sign in to record and edit partnerships. Reading the atlas needs no account.",
        "Masuk untuk mencatat dan menyunting kemitraan. Membaca atlas tidak memerlukan akun.",
    ),
    "login.email": ("Email", "Email"),
    "login.password": ("Password", "Kata sandi"),
    "login.submit": ("Sign in", "Masuk"),
    "login.wrong": ("Wrong email or password.", "Email atau kata sandi salah."),
    "login.throttled": (
        "Too many failed sign-ins for this account or address. Try again in {minutes} minutes.",
        "Terlalu banyak percobaan masuk yang gagal untuk akun atau alamat ini. "
        "Coba lagi dalam {minutes} menit.",
    ),
    "login.signed_in_as": ("You are signed in as {name}.", "Anda masuk sebagai {name}."),
    "account.title": ("My account", "Akun saya"),
    "account.email": ("Email", "Email"),
    "account.name": ("Name", "Nama"),
    "account.organisation": ("Organisation", "Organisasi"),
    "account.language": ("Language", "Bahasa"),
    "account.role": ("Role", "Peran"),
    "account.status": ("Status", "Status"),
    "account.active": ("active", "aktif"),
    "account.disabled": ("disabled", "nonaktif"),
    "account.created": ("Created", "Dibuat"),
    "password.title": ("Password", "Kata sandi"),
    "password.lead": (
        "A new password needs at least {n} characters. Changing it signs this account out everywhere else.",
        "Kata sandi baru memerlukan sedikitnya {n} karakter. Menggantinya mengeluarkan akun ini "
        "dari semua perangkat lain.",
    ),
    "password.current": ("Current password", "Kata sandi saat ini"),
    "password.new": ("New password", "Kata sandi baru"),
    "password.again": ("New password again", "Ulangi kata sandi baru"),
    "password.submit": ("Change the password", "Ganti kata sandi"),
    "password.wrong": ("The current password is wrong.", "Kata sandi saat ini salah."),
    "password.mismatch": (
        "The two new passwords differ; type the same one twice.",
        "Kedua kata sandi baru berbeda; ketik kata sandi yang sama dua kali.",
    ),
    "password.throttled": (
        "Too many wrong passwords for this account or address. Try again in {minutes} minutes.",
        "Terlalu banyak kata sandi salah untuk akun atau alamat ini. Coba lagi dalam {minutes} menit.",
    ),
    "password.changed": (
        "Your password has been changed. Your other sessions have been signed out.",
        "Kata sandi Anda telah diganti. Sesi Anda di perangkat lain telah dikeluarkan.",
    ),
    "tokens.title": ("API tokens", "Token API"),
    "tokens.lead": (
        "Scripts send a token in the header Authorization: Bearer TOKEN. "
        "A token is shown once, when it is created; revoke one you no longer use.",
        "Skrip mengirim token di header Authorization: Bearer TOKEN. Token hanya ditampilkan "
        "sekali, saat dibuat; cabut token yang tidak dipakai lagi.",
    ),
    "tokens.name": ("Name", "Nama"),
    "tokens.name_hint": ("e.g. laptop script", "mis. skrip laptop"),
    "tokens.created": ("Created", "Dibuat"),
    "tokens.last_used": ("Last used", "Terakhir dipakai"),
    "tokens.never": ("never", "belum pernah"),
    "tokens.revoked": ("revoked", "dicabut"),
    "tokens.revoke": ("Revoke", "Cabut"),
    "tokens.create": ("Create a token", "Buat token"),
    "tokens.new": (
        "Your new token {name}. Copy it now: it will not be shown again.",
        "Token baru Anda {name}. Salin sekarang: token ini tidak akan ditampilkan lagi.",
    ),
    "tokens.none": ("No token yet.", "Belum ada token."),
    "users.title": ("Users", "Pengguna"),
    "users.lead": (
        "Every account, its role and its scope. An administrator manages them on the server.",
        "Semua akun, perannya dan cakupannya. Administrator mengelolanya di server.",
    ),
    "error.401": ("Sign-in needed", "Perlu masuk"),
    "error.403": ("Not allowed", "Tidak diizinkan"),
    "error.internal": (
        "Internal error of Kembar; nothing was changed.",
        "Kesalahan internal Kembar; tidak ada yang diubah.",
    ),
    "error.csrf": (
        "This form has expired or did not come from this page: reload the page and send it again.",
        "Formulir ini kedaluwarsa atau tidak berasal dari halaman ini: muat ulang halaman lalu kirim lagi.",
    ),
    "error.405": ("Not available this way", "Tidak tersedia dengan cara ini"),
    "error.409": ("Conflict", "Konflik"),
    "error.412": ("Changed in the meantime", "Sudah berubah sementara itu"),
    "error.413": ("Too large", "Terlalu besar"),
    "error.415": ("Unsupported file type", "Jenis berkas tidak didukung"),
    "error.422": ("Not valid", "Tidak valid"),
    "error.428": ("Version needed", "Versi diperlukan"),
    "error.429": ("Too many attempts", "Terlalu banyak percobaan"),
    "error.500": ("Internal error", "Kesalahan internal"),
    "error.502": ("Source unreachable", "Sumber tidak dapat dijangkau"),
    "error.503": ("Temporarily unavailable", "Sementara tidak tersedia"),
}
MESSAGES.update(REASON_MESSAGES)
MESSAGES.update(REGISTRY_MESSAGES)
MESSAGES.update(HISTORY_MESSAGES)
MESSAGES.update(LIFECYCLE_MESSAGES)
MESSAGES.update(SEEKING_MESSAGES)
MESSAGES.update(ARTICLE_MESSAGES)
MESSAGES.update(ERROR_MESSAGES)
MESSAGES.update(REVIEW_MESSAGES)
MESSAGES.update(ATLAS_MESSAGES)
MESSAGES.update(FIGURE_MESSAGES)


VOCABULARIES: dict[str, dict[str, vocab.Term]] = {
    "kind": vocab.PARTNERSHIP_KINDS,
    "stage": vocab.STAGES,
    "instrument": vocab.INSTRUMENT_TYPES,
    "status": vocab.INSTRUMENT_STATUSES,
    "validity": vocab.VALIDITY,
    "partnership_status": vocab.PARTNERSHIP_STATUSES,
    "purpose": vocab.DOCUMENT_PURPOSES,
    "activity": vocab.ACTIVITY_TYPES,
    "field": vocab.FIELDS,
    "place_kind": vocab.PLACE_KINDS,
    "place_tag": vocab.PLACE_TAGS,
    "role": vocab.ROLES,
    "world_region": vocab.WORLD_REGIONS,
    "size": vocab.SIZES,
    "function": vocab.FUNCTIONS,
}


def _is_atlas(source: SourceText) -> bool:
    """Whether a source is the bundled atlas, known by the address atlas/build.py gives it."""
    from kembar.atlas.dataset import SOURCE_URL

    return source.kind == "dataset" and source.url == SOURCE_URL


def pick(accept_language: str | None, cookie: str | None, query: str | None) -> str:
    """The language asked for: ?lang= first, then the remembered cookie, then the browser."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return str(choice)
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("id", "ms"):
            return "id"
        if code == "en":
            return "en"
    return DEFAULT


# Countries whose English name takes "the" inside a sentence (plural names, unions,
# republics and islands named as such).
ENGLISH_ARTICLE = frozenset(
    {"US", "GB", "PH", "AE", "DO", "CF", "BS", "GM", "MV", "MH", "SB", "KY", "CK", "FO", "FK", "VG", "VI"}
    | {"KM", "SC", "CD", "CG", "VA", "MP", "TC", "UM", "PS", "NL"}
)


class SourceText(Protocol):
    """What a page shows of a source (schemas.SourceRef)."""

    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def attribution(self) -> str | None: ...


class Translator:
    """What templates call: t('key'), num(n), when('2023-07-03'), label(vocabulary, key)."""

    def __init__(self, lang: str, places: Mapping[int, str] | None = None) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT
        self.locale = LOCALES[self.lang]
        # place id -> its name in this language, where the registry holds one
        # (kembar.place_names.local_names)
        self.places: Mapping[int, str] = places or {}

    def place(self, place_id: int, name: str) -> str:
        """A place's name in the reader's language ("Moskwa"), else the registry's ("Moscow")."""
        return self.places.get(place_id, name)

    def __call__(self, key: str, **values: object) -> str:
        en, id_ = MESSAGES.get(key, (key, key))
        text = id_ if self.lang == "id" else en
        return text.format(**values) if values else text

    def num(self, value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=self.locale)

    def when(self, iso: str | None) -> str:
        """A date kept with partial precision (YYYY, YYYY-MM or YYYY-MM-DD)."""
        if not iso:
            return "–"
        try:
            parts = [int(p) for p in iso.split("-")]
            if len(parts) == 1:
                return str(parts[0])
            if len(parts) == 2:
                return format_skeleton("yMMMM", date(parts[0], parts[1], 1), locale=self.locale)
            return format_date(date(parts[0], parts[1], parts[2]), format="long", locale=self.locale)
        except ValueError:
            return iso

    def has(self, key: str) -> bool:
        return key in MESSAGES

    def error(self, exc: KembarError) -> str:
        """A refusal of the library in the reader's language: its message key with its
        values; an error without a key (none a reader of the pages meets) keeps its English
        message. Values are plain text: the templates escape them."""
        if exc.key is None or exc.key not in MESSAGES:
            return exc.message
        return self.say(Message(exc.key, exc.params))

    def say(self, message: Message) -> str:
        """A sentence kept with its values (a change set's summary: kembar.messages) in
        the reader's language. Values are plain text: the templates escape them."""
        return self(message.key, **{name: self._param(value) for name, value in message.params.items()})

    def _param(self, value: Param) -> str:
        if isinstance(value, Label):
            label = self.label(value.vocabulary, value.key)
            return label.lower() if value.lower else label
        if isinstance(value, Phrase):
            return self(value.key).lower() if value.lower else self(value.key)
        if isinstance(value, When):
            return self.when(value.iso)
        if isinstance(value, Message):
            return self.say(value)
        return str(value)

    def label(self, vocabulary: str, key: str | None) -> str:
        if not key:
            return "–"
        term = VOCABULARIES[vocabulary].get(key)
        return term.label(self.lang) if term else key

    def options(self, vocabulary: str) -> list[tuple[str, str]]:
        """(key, label) of each term of a vocabulary, in its order: the options of a form."""
        return [(key, term.label(self.lang)) for key, term in VOCABULARIES[vocabulary].items()]

    def source_title(self, source: SourceText) -> str | None:
        """A source's title: the bundled atlas's in the reader's language, any other as
        stored (an article's headline is its own)."""
        return self("source.atlas.title") if _is_atlas(source) else source.title

    def source_attribution(self, source: SourceText) -> str | None:
        if source.attribution == HANDED_IN:
            return self("article.handed_in")
        return self("source.atlas.attribution") if _is_atlas(source) else source.attribution

    def country(self, code: str) -> str:
        from kembar.gazetteer.countries import countries

        known = countries().get(code)
        if known is None:
            return code
        return known.name_id if self.lang == "id" else known.name

    def country_in_text(self, code: str) -> str:
        """A country's name inside an English sentence, with "the" where English puts it
        ("a partner in the United States", "Indonesia and the Netherlands")."""
        name = self.country(code)
        if self.lang != "en":
            return name
        if name.startswith("The "):
            return "the " + name[4:]
        return f"the {name}" if code in ENGLISH_ARTICLE else name
