"""The library's refusals as the pages say them (errors.KembarError.key): what a reader of
the web interface can meet, in English and Bahasa Indonesia. The API and the CLI keep the
error's own English `message`."""

from __future__ import annotations

# key: (English, Bahasa Indonesia)
MESSAGES: dict[str, tuple[str, str]] = {
    # not found
    "err.no_place": ("There is no place with the id {id}.", "Tidak ada tempat dengan id {id}."),
    "err.no_place_named": ("No place is called {name}.", "Tidak ada tempat bernama {name}."),
    "err.no_place_named_hint": (
        "No place is called {name}. Did you mean {hint}?",
        "Tidak ada tempat bernama {name}. Mungkin maksud Anda {hint}?",
    ),
    "err.ambiguous_place": (
        "{n} places are called {name}: {places}. Choose one.",
        "Ada {n} tempat bernama {name}: {places}. Pilih salah satu.",
    ),
    "err.no_partnership": (
        "There is no partnership with the id {id}.",
        "Tidak ada kemitraan dengan id {id}.",
    ),
    "err.no_proposal": ("There is no proposal with the id {id}.", "Tidak ada usulan dengan id {id}."),
    "err.no_country": (
        "There is no country with the code {code}.",
        "Tidak ada negara dengan kode {code}.",
    ),
    "err.no_user": ("There is no account with the email {email}.", "Tidak ada akun dengan email {email}."),
    "err.no_token": ("There is no API token with the id {id}.", "Tidak ada token API dengan id {id}."),
    "err.no_calendar": (
        "There is no calendar feed at this address.",
        "Tidak ada umpan kalender di alamat ini.",
    ),
    "err.no.activity": ("There is no activity with the id {id}.", "Tidak ada kegiatan dengan id {id}."),
    "err.no.contact": ("There is no contact with the id {id}.", "Tidak ada narahubung dengan id {id}."),
    "err.no.instrument": (
        "There is no instrument with the id {id}.",
        "Tidak ada dokumen kerja sama dengan id {id}.",
    ),
    "err.no.document": ("There is no document with the id {id}.", "Tidak ada dokumen dengan id {id}."),
    "err.no.change": ("There is no change with the id {id}.", "Tidak ada perubahan dengan id {id}."),
    "err.no.uploaded_file_of_document": (
        "Document {id} has no uploaded file.",
        "Dokumen {id} tidak memiliki berkas unggahan.",
    ),
    "err.no.stored_file_of_document": (
        "The file of document {id} is missing from the server.",
        "Berkas dokumen {id} tidak ada di server.",
    ),
    # accounts and permissions
    "err.sign_in": ("Sign in first.", "Silakan masuk terlebih dahulu."),
    "err.disabled": ("The account {email} is disabled.", "Akun {email} dinonaktifkan."),
    "err.viewer": (
        "{email} is a viewer and may not edit {places}.",
        "{email} adalah pembaca dan tidak boleh mengubah {places}.",
    ),
    "err.out_of_scope": (
        "{places}: outside the scope of {email}.",
        "{places}: di luar cakupan {email}.",
    ),
    "err.article_one": (
        "Give one of the article's address, a file or its text.",
        "Isi salah satu: alamat artikel, berkas, atau teksnya.",
    ),
    "err.article_text_or_file": (
        "Give the article's text or a file, not both.",
        "Isi teks artikel atau berkasnya, jangan keduanya.",
    ),
    "err.viewer_articles": (
        "{email} is a viewer and may not hand in articles.",
        "{email} adalah pembaca dan tidak boleh mengirim artikel.",
    ),
    "err.reviewers_only": (
        "Only reviewers and admins decide the review queue ({email} is {role}).",
        "Hanya peninjau dan admin yang memutuskan antrean tinjauan ({email} adalah {role}).",
    ),
    "err.admins_only": (
        "Only admins manage users ({email} is {role}).",
        "Hanya admin yang mengelola pengguna ({email} adalah {role}).",
    ),
    "err.password_short": (
        "A password needs at least {n} characters.",
        "Kata sandi memerlukan sedikitnya {n} karakter.",
    ),
    "err.password_long": (
        "A password may have at most {n} characters.",
        "Kata sandi paling banyak {n} karakter.",
    ),
    "err.password_same": (
        "The new password is the same as the current one.",
        "Kata sandi baru sama dengan kata sandi saat ini.",
    ),
    "err.password_own": (
        "Only a person's account has a password to change.",
        "Hanya akun seseorang yang memiliki kata sandi untuk diganti.",
    ),
    "err.token_name": (
        "A token needs a name of 1 to 100 characters.",
        "Token memerlukan nama 1 sampai 100 karakter.",
    ),
    "err.token_taken": (
        "You already have a token named {name}; revoke it or choose another name.",
        "Anda sudah punya token bernama {name}; cabut token itu atau pilih nama lain.",
    ),
    # writing
    "err.version_conflict": (
        "Someone else changed this record since you read it (your version {expected}, now {now}); "
        "reload it and make your change again.",
        "Orang lain telah mengubah data ini sejak Anda membacanya (versi Anda {expected}, sekarang {now}); "
        "muat ulang lalu ulangi perubahan Anda.",
    ),
    "err.date_order": (
        'This date ({date}) is before "{other}" ({earlier}).',
        'Tanggal ini ({date}) lebih awal dari "{other}" ({earlier}).',
    ),
    "err.reason_needed": ("Say why it is removed.", "Tuliskan alasan penghapusannya."),
    "err.person_name": ("A person needs a name.", "Setiap orang perlu diberi nama."),
    "err.already_decided": (
        "Proposal {id} was already decided ({status} by {who} at {when}).",
        "Usulan {id} sudah diputuskan ({status} oleh {who} pada {when}).",
    ),
    "err.proposal_place": (
        "The proposal names a place without a name or a country: {name}.",
        "Usulan ini menyebut tempat tanpa nama atau negara: {name}.",
    ),
    "err.revert.done": (
        "Change {id} was already reverted by change {by}.",
        "Perubahan {id} sudah dibatalkan oleh perubahan {by}.",
    ),
    "err.revert.atlas": (
        "Change {id} is a build of the atlas; build the atlas again instead.",
        "Perubahan {id} adalah pembangunan atlas; bangun ulang atlasnya saja.",
    ),
    "err.revert.author": (
        "Only an admin or the author of change {id} may revert it.",
        "Hanya admin atau pembuat perubahan {id} yang boleh membatalkannya.",
    ),
    "err.revert.accounts": (
        "Change {id} changed accounts; an admin changes them back with kembar users.",
        "Perubahan {id} mengubah akun; admin mengembalikannya dengan kembar users.",
    ),
    "err.revert.later": (
        "Change {id} has changed the same row since ({table}); revert it first.",
        "Perubahan {id} sudah mengubah baris yang sama sesudahnya ({table}); batalkan perubahan itu dulu.",
    ),
    "err.revert.gone": (
        "A row this change would restore no longer exists ({table}).",
        "Baris yang akan dikembalikan oleh perubahan ini sudah tidak ada ({table}).",
    ),
    # searching and filtering
    "err.query_empty": ("Type a name to search for.", "Ketik nama yang ingin dicari."),
    "err.query_long": ("Search with at most {n} characters.", "Cari dengan paling banyak {n} karakter."),
    "err.filter_value": (
        "{filter}: {value} is not one of the options.",
        "{filter}: {value} bukan salah satu pilihan.",
    ),
    "err.filter_country": (
        "{filter}: {value} is not a two-letter ISO country code, such as ID or JP.",
        "{filter}: {value} bukan kode negara ISO dua huruf, misalnya ID atau JP.",
    ),
    "err.filter_region": (
        "{filter}: {value} is not an ISO 3166-2 region code, such as ID-JB.",
        "{filter}: {value} bukan kode wilayah ISO 3166-2, misalnya ID-JB.",
    ),
    "err.filter_decade": (
        "{filter}: {value} is not a decade, such as 1990.",
        "{filter}: {value} bukan dekade, misalnya 1990.",
    ),
    "err.filter_partner_country": (
        "Choose the country too: the partner's country is that of the other party.",
        "Pilih juga negaranya: negara mitra adalah negara pihak yang lain.",
    ),
    "err.filter_within_days": ("Choose between 1 and 3650 days.", "Pilih antara 1 dan 3650 hari."),
    # the router's own refusals
    "error.no_page": ("There is no page at this address.", "Tidak ada halaman di alamat ini."),
    # the labels of a page's query parameters that are no facet (see web/app.py param_label)
    # why a page's query parameter was refused (web/app.py _query_reason), after its label
    "query.whole_number": ("must be a whole number", "harus berupa bilangan bulat"),
    "query.whole_at_least": (
        "must be a whole number of {n} or more",
        "harus berupa bilangan bulat {n} atau lebih",
    ),
    "query.at_least": ("must be {n} or more", "harus {n} atau lebih"),
    "query.at_most": ("must be {n} or less", "harus {n} atau kurang"),
    "query.too_long": ("may have at most {n} characters", "paling banyak {n} karakter"),
    "query.one_of": ("must be one of: {values}", "harus salah satu dari: {values}"),
    "param.page": ("Page", "Halaman"),
    "param.q": ("Search", "Cari"),
    "param.a": ("Place", "Tempat"),  # /partnerships/new?a=ID, labelled as its form labels it
    # the database
    "err.busy": (
        "The database is busy (someone else is saving); try again in a moment. Nothing was changed.",
        "Basis data sedang sibuk (orang lain sedang menyimpan); coba lagi sebentar lagi. "
        "Tidak ada yang diubah.",
    ),
    "err.read_only": (
        "The registry is read-only for now: nothing can be saved.",
        "Registri sedang hanya-baca: tidak ada yang dapat disimpan.",
    ),
}
