"""The strings of the pages of partnerships over their life (facets on lists, the
officer's and the country's dashboards, status and next step), in English and Bahasa
Indonesia; kembar.i18n merges them into its MESSAGES."""

from __future__ import annotations

# key: (English, Bahasa Indonesia)
MESSAGES: dict[str, tuple[str, str]] = {
    "nav.dashboard": ("My partnerships", "Kemitraan saya"),
    # facets
    "facet.kind": ("Kind", "Jenis"),
    "facet.stage": ("Stage", "Tahap"),
    "facet.status": ("Status", "Status"),
    "facet.validity": ("Instruments", "Dokumen kerja sama"),
    "facet.field": ("Field of cooperation", "Bidang kerja sama"),
    "facet.country": ("Country", "Negara"),
    "facet.partner_country": ("Partner country", "Negara mitra"),
    "facet.region": ("Province or region", "Provinsi atau wilayah"),
    "facet.decade": ("Decade of the first date", "Dekade tanggal pertama"),
    "facet.place": ("Place", "Tempat"),
    "facet.within_days": ("Expiring within (days)", "Berakhir dalam (hari)"),
    "facets.title": ("Filter", "Saring"),
    "facets.more": ("{n} more", "{n} lainnya"),
    "facets.active": ("Filters in force:", "Saringan aktif:"),
    "facets.remove": ("remove the filter {name}", "hapus saringan {name}"),
    "facets.clear": ("clear all", "hapus semua"),
    # lists
    "list.title": ("Partnerships", "Kemitraan"),
    "list.lead": (
        "Every partnership of the registry; choose values on the side to narrow the list.",
        "Semua kemitraan dalam registri; pilih nilai di samping untuk mempersempit daftar.",
    ),
    "list.shown": ("{first}–{last} of {total}", "{first}–{last} dari {total}"),
    "list.none": (
        "No partnership matches these filters.",
        "Tidak ada kemitraan yang cocok dengan saringan ini.",
    ),
    "list.prev": ("Previous", "Sebelumnya"),
    "list.next": ("Next", "Berikutnya"),
    "list.pages": ("Pages of the list", "Halaman daftar"),
    "list.download": ("Download this list:", "Unduh daftar ini:"),
    "list.xlsx": ("Excel workbook (.xlsx)", "Buku kerja Excel (.xlsx)"),
    "list.csv": ("CSV", "CSV"),
    "list.on_map": ("These on the map", "Daftar ini di peta"),
    "list.as_list": ("List these partnerships", "Tampilkan daftar kemitraan ini"),
    "col.status": ("Status", "Status"),
    # the partnership page
    "partnership.status": ("Status", "Status"),
    "next.title": ("Next step", "Langkah berikutnya"),
    "next.lead": (
        "The next step of the procedure for cooperation with a foreign local government: {stage}.",
        "Langkah berikutnya dalam prosedur kerja sama dengan pemerintah daerah di luar negeri: {stage}.",
    ),
    "next.ended": (
        "The partnership has ended: no next step.",
        "Kemitraan telah berakhir: tidak ada langkah berikutnya.",
    ),
    "next.needs": ("Documents it needs:", "Dokumen yang diperlukan:"),
    "next.nothing": ("No document is needed for it.", "Tidak ada dokumen yang diperlukan."),
    "doc.is_attached": ("attached", "terlampir"),
    "doc.is_missing": ("not attached yet", "belum dilampirkan"),
    # my partnerships
    "mine.title": ("My partnerships", "Kemitraan saya"),
    "mine.lead": (
        "The partnerships of the places you look after, those needing attention first: instruments "
        "expiring, then signed but never implemented, dormant, quiet.",
        "Kemitraan dari tempat yang Anda tangani, yang perlu perhatian lebih dulu: dokumen yang akan "
        "berakhir, lalu yang ditandatangani tetapi belum dilaksanakan, tidak aktif, sepi.",
    ),
    "mine.no_scope": (
        "Your account looks after no place yet: an administrator gives an editor the places, "
        "provinces or countries of their scope.",
        "Akun Anda belum menangani tempat mana pun: administrator memberikan kepada editor tempat, "
        "provinsi atau negara dalam cakupannya.",
    ),
    "mine.notices": ("Reminders", "Pengingat"),
    "mine.no_notices": (
        "Nothing expires soon and nothing turned dormant lately.",
        "Tidak ada yang segera berakhir dan tidak ada yang baru menjadi tidak aktif.",
    ),
    "mine.expires": (
        "{instrument} of {a} – {b}: valid until {date}, {days} days left",
        "{instrument} {a} – {b}: berlaku sampai {date}, {days} hari lagi",
    ),
    "mine.turned_dormant": ("{a} – {b} turned dormant: {reason}", "{a} – {b} menjadi tidak aktif: {reason}"),
    "mine.calendar": ("The same dates in your calendar", "Tanggal yang sama di kalender Anda"),
    "mine.last_activity": ("Last activity", "Kegiatan terakhir"),
    "mine.no_activity": ("no dated activity held", "belum ada kegiatan bertanggal yang terlaksana"),
    "mine.undated": ("{n} recorded without a date", "{n} tercatat tanpa tanggal"),
    "mine.instruments": ("Instruments to watch", "Dokumen yang perlu diperhatikan"),
    "mine.proposals": ("News proposals naming it", "Usulan dari berita yang menyebutnya"),
    "mine.proposal": ("proposal #{id}", "usulan #{id}"),
    # the country dashboard
    "cdash.title": ("{country}: partnerships over their life", "{country}: perjalanan kemitraan"),
    "cdash.link": ("Dashboard of the partnerships", "Dasbor kemitraan"),
    "cdash.lead": (
        "{n} partnerships with a party in {country}, as recorded today.",
        "{n} kemitraan dengan pihak di {country}, sebagaimana tercatat hari ini.",
    ),
    "cdash.by_stage": ("By stage", "Menurut tahap"),
    "cdash.provinces": ("By province and stage", "Menurut provinsi dan tahap"),
    "cdash.province": ("Province", "Provinsi"),
    "cdash.no_province": ("(no province recorded)", "(provinsi tidak tercatat)"),
    "cdash.total": ("Total", "Jumlah"),
    "cdash.expiring": ("Validity ending in {year}", "Masa berlaku berakhir pada {year}"),
    "cdash.expiring_soon": (
        "Instruments expiring within {days} days (by {date})",
        "Dokumen yang berakhir dalam {days} hari (sampai {date})",
    ),
    "cdash.dormant": ("Dormant partnerships", "Kemitraan tidak aktif"),
    "cdash.signed": ("Instruments signed in {year}", "Dokumen yang ditandatangani pada {year}"),
    "cdash.partners": ("By partner country", "Menurut negara mitra"),
    "cdash.none": ("None.", "Tidak ada."),
    "cdash.all": ("All {n} in the list", "Semua {n} dalam daftar"),
    "cdash.country_page": ("The country's page", "Halaman negara"),
    # place pages
    "place.partnerships": ("Partnerships ({n})", "Kemitraan ({n})"),
    "place.region_partnerships": (
        "Partnerships of {name} and of its regencies and cities ({n})",
        "Kemitraan {name} serta kabupaten dan kotanya ({n})",
    ),
    # home
    "home.filter": ("Filter the map", "Saring peta"),
    "home.matching": ("{n} partnerships match.", "{n} kemitraan cocok."),
    "home.matching1": ("1 partnership matches.", "1 kemitraan cocok."),
}
