"""The words of reminders, calendar feeds, exports and printed reports, in English and
Bahasa Indonesia. Labels of the vocabulary, dates and country names come from
kembar.i18n.Translator; these are the sentences around them."""

from __future__ import annotations

from kembar.i18n import Translator

# key: (English, Bahasa Indonesia)
WORDS: dict[str, tuple[str, str]] = {
    # reminder mails
    "mail.subject": ("Kembar: {what}", "Kembar: {what}"),
    "mail.expiring_n": ("{n} instruments expiring", "{n} dokumen kerja sama akan berakhir"),
    "mail.expiring_1": ("1 instrument expiring", "1 dokumen kerja sama akan berakhir"),
    "mail.dormant_n": ("{n} partnerships turned dormant", "{n} kemitraan menjadi tidak aktif"),
    "mail.dormant_1": ("1 partnership turned dormant", "1 kemitraan menjadi tidak aktif"),
    "mail.hello": ("Hello {name},", "Yth. {name},"),
    "mail.lead": (
        "Kembar's reminders for the partnerships in your scope:",
        "Pengingat Kembar untuk kemitraan dalam cakupan Anda:",
    ),
    "mail.expiring": ("Instruments expiring", "Dokumen kerja sama yang akan berakhir"),
    "mail.dormant": ("Partnerships that turned dormant", "Kemitraan yang menjadi tidak aktif"),
    "mail.expires": (
        "{instrument}: valid until {date}, {days} days left",
        "{instrument}: berlaku sampai {date}, {days} hari lagi",
    ),
    "mail.expires_today": (
        "{instrument}: valid until today, {date}",
        "{instrument}: berlaku sampai hari ini, {date}",
    ),
    "mail.dormant_since": ("dormant since {date} ({reason})", "tidak aktif sejak {date} ({reason})"),
    "mail.once": (
        "Each reminder is sent once: 90, 30 and 7 days before an instrument expires, and when a "
        "partnership turns dormant (no dated activity, instrument or step for {years} years).",
        "Setiap pengingat dikirim sekali: 90, 30 dan 7 hari sebelum dokumen kerja sama berakhir, "
        "dan ketika kemitraan menjadi tidak aktif (tidak ada kegiatan, dokumen atau tahap "
        "bertanggal selama {years} tahun).",
    ),
    "mail.calendar": (
        "The same dates in your calendar: {url}",
        "Tanggal yang sama di kalender Anda: {url}",
    ),
    # calendar feeds
    "ical.name": ("Kembar: expiry dates", "Kembar: tanggal berakhir"),
    "ical.summary": ("{instrument} expires: {a} – {b}", "{instrument} berakhir: {a} – {b}"),
    "ical.description": (
        "The {instrument} of the partnership of {a} ({ca}) and {b} ({cb}) is valid until {date}.",
        "{instrument} kemitraan {a} ({ca}) dan {b} ({cb}) berlaku sampai {date}.",
    ),
    # the calendar page
    "calendar.title": ("Calendar feed", "Umpan kalender"),
    "calendar.lead": (
        "A private address to subscribe to in your calendar (Google Calendar, Outlook, Thunderbird, "
        "Apple Calendar: 'add a calendar from a URL'). It holds the expiry date of every instrument of "
        "the partnerships in your scope, and follows the registry as it changes.",
        "Alamat pribadi untuk dilanggan di aplikasi kalender Anda (Google Calendar, Outlook, "
        "Thunderbird, Apple Calendar: 'tambahkan kalender dari URL'). Isinya tanggal berakhir setiap "
        "dokumen kerja sama dari kemitraan dalam cakupan Anda, dan mengikuti perubahan registri.",
    ),
    "calendar.secret": (
        "Anyone with the address can read the feed: keep it to yourself. It is shown once, when it is "
        "created; a new address replaces the old one, which stops working.",
        "Siapa pun yang memegang alamat ini dapat membaca umpannya: simpan untuk Anda sendiri. Alamat "
        "hanya ditampilkan sekali, saat dibuat; alamat baru menggantikan yang lama, yang berhenti "
        "berfungsi.",
    ),
    "calendar.none": ("You have no calendar feed yet.", "Anda belum memiliki umpan kalender."),
    "calendar.exists": (
        "You have a calendar feed. Its address was shown when it was created.",
        "Anda sudah memiliki umpan kalender. Alamatnya ditampilkan saat dibuat.",
    ),
    "calendar.no_scope": (
        "Your account has no scope, so the feed holds no date. An administrator sets the scope.",
        "Akun Anda belum memiliki cakupan, jadi umpan tidak berisi tanggal. Administrator mengatur cakupan.",
    ),
    "calendar.create": ("Create a calendar address", "Buat alamat kalender"),
    "calendar.replace": ("Replace the calendar address", "Ganti alamat kalender"),
    "calendar.new": (
        "Your calendar address. Copy it now: it will not be shown again.",
        "Alamat kalender Anda. Salin sekarang: alamat ini tidak akan ditampilkan lagi.",
    ),
    "calendar.back": ("Back to my account", "Kembali ke akun saya"),
    # exports (reports/tables.py): sheet names at most 31 characters
    "sheet.partnerships": ("Partnerships", "Kemitraan"),
    "sheet.instruments": ("Instruments", "Dokumen kerja sama"),
    "sheet.activities": ("Activities", "Kegiatan"),
    "sheet.contacts": ("Contacts", "Kontak"),
    "sheet.sources": ("Sources", "Sumber data"),
    "column.source": ("Data and licences", "Data dan lisensinya"),
    "col.id": ("ID", "ID"),
    "col.partnership": ("Partnership ID", "ID kemitraan"),
    "col.place_a": ("Place", "Tempat"),
    "col.country_a": ("Country", "Negara"),
    "col.region_a": ("Region", "Wilayah"),
    "col.place_b": ("Partner", "Mitra"),
    "col.country_b": ("Partner's country", "Negara mitra"),
    "col.region_b": ("Partner's region", "Wilayah mitra"),
    "col.kind": ("Kind", "Jenis"),
    "col.stage": ("Stage", "Tahap"),
    "col.status": ("Status", "Status"),
    "col.reason": ("Why", "Alasan"),
    "col.first_date": ("First date", "Tanggal pertama"),
    "col.latest_date": ("Latest date", "Tanggal terakhir"),
    "col.fields": ("Fields of cooperation", "Bidang kerja sama"),
    "col.next_step": ("Next step", "Langkah berikutnya"),
    "col.documents": ("Documents it needs", "Dokumen yang diperlukan"),
    "col.page": ("Page", "Halaman"),
    "col.type": ("Type", "Jenis"),
    "col.number": ("Number", "Nomor"),
    "col.title": ("Title", "Judul"),
    "col.signed_on": ("Signed on", "Ditandatangani pada"),
    "col.signed_at": ("Signed at", "Ditandatangani di"),
    "col.valid_from": ("Valid from", "Berlaku sejak"),
    "col.valid_until": ("Valid until", "Berlaku sampai"),
    "col.validity": ("Validity", "Masa berlaku"),
    "col.instrument_status": ("Instrument status", "Status dokumen"),
    "col.date": ("Date", "Tanggal"),
    "col.end_date": ("End date", "Tanggal selesai"),
    "col.held": ("Held or planned", "Terlaksana atau direncanakan"),
    "col.venue": ("Venue", "Tempat kegiatan"),
    "col.participants": ("Participants", "Peserta"),
    "col.of": ("Contact of", "Kontak dari"),
    "col.name": ("Name", "Nama"),
    "col.role": ("Role", "Jabatan"),
    "col.office": ("Office", "Kantor"),
    "col.email": ("Email", "Email"),
    "col.phone": ("Phone", "Telepon"),
    "stage.none": ("Not recorded", "Tidak tercatat"),  # a cell of its own, as the labels beside it
    "doc.attached": ("attached", "terlampir"),
    "doc.missing": ("missing", "belum ada"),
    # printed reports (reports/pdf.py)
    "report.kembar": (
        "Kembar · the open registry of city-to-city cooperation",
        "Kembar · registri terbuka kerja sama antarkota",
    ),
    "report.of_day": ("Report of {date}", "Laporan per {date}"),
    "report.country": ("Country", "Negara"),
    "report.province": (
        "Province of {country}, with its regencies and cities",
        "Provinsi di {country}, beserta kabupaten dan kotanya",
    ),
    "report.place": ("{kind} in {where}", "{kind} di {where}"),
    "report.empty": (
        "No partnership is recorded for {name}.",
        "Belum ada kemitraan yang tercatat untuk {name}.",
    ),
    "report.empty_hint": (
        "Partnerships entered in Kembar, or accepted from the news, will appear in this report.",
        "Kemitraan yang dicatat di Kembar, atau diterima dari berita, akan muncul di laporan ini.",
    ),
    "report.partnerships": ("Partnerships", "Kemitraan"),
    "report.expiring_n": ("Expiring within {days} days", "Berakhir dalam {days} hari"),
    "report.dormant_n": ("Dormant", "Tidak aktif"),
    "report.activities_n": ("Activities in {year}", "Kegiatan tahun {year}"),
    "report.map": ("Map of the partnerships", "Peta kemitraan"),
    "report.map_legend": (
        "Dark circles: {name}; light circles: partners. Lines: partnerships with known coordinates.",
        "Lingkaran gelap: {name}; lingkaran terang: mitra. Garis: kemitraan yang koordinatnya diketahui.",
    ),
    "report.by_stage": ("Partnerships by stage", "Kemitraan menurut tahap"),
    "report.by_status": ("Partnerships by status", "Kemitraan menurut status"),
    "report.by_province": ("Partnerships by province", "Kemitraan menurut provinsi"),
    "report.by_place": ("Partnerships by place", "Kemitraan menurut tempat"),
    "report.no_region": ("region not recorded", "wilayah tidak tercatat"),
    "report.expiring": ("Instruments expiring within {days} days", "Dokumen yang berakhir dalam {days} hari"),
    "report.dormant": ("Dormant partnerships", "Kemitraan tidak aktif"),
    "report.activities": ("Activities of {year}", "Kegiatan tahun {year}"),
    "report.list": ("The partnerships", "Daftar kemitraan"),
    "report.none": ("None.", "Tidak ada."),
    "report.more": (
        "… and {n} more: the .xlsx export lists them all.",
        "… dan {n} lainnya: ekspor .xlsx memuat semuanya.",
    ),
    "report.count": ("Count", "Jumlah"),
    "report.partnership": ("Partnership", "Kemitraan"),
    "report.days_left": ("Days left", "Sisa hari"),
    "report.page": ("Page {n} of {total}", "Halaman {n} dari {total}"),
}


class Words:
    """t(key) for these words, with the Translator's labels, dates and countries beside."""

    def __init__(self, lang: str) -> None:
        self.t = Translator(lang)
        self.lang = self.t.lang

    def __call__(self, key: str, **values: object) -> str:
        en, id_ = WORDS[key]
        text = id_ if self.lang == "id" else en
        return text.format(**values) if values else text

    def count(self, key: str, n: int) -> str:
        """ "1 instrument expiring" or "3 instruments expiring" (keys KEY_1 and KEY_n)."""
        return self(f"{key}_1") if n == 1 else self(f"{key}_n", n=self.t.num(n))
