"""The sentences Kembar keeps to say later in the reader's language (kembar.messages): the
summaries of change sets ("summary.*"), written as they happen, and the notes Kembar writes
itself ("note.*"). The English sentence is also what the API and the CLI show, stored
beside the key; a value in braces is a name as typed, a number, or a vocabulary label, a
date or a sentence the pages translate."""

from __future__ import annotations

# key: (English, Bahasa Indonesia)
MESSAGES: dict[str, tuple[str, str]] = {
    "summary.partnership.recorded": ("Recorded the partnership {pair}", "Mencatat kemitraan {pair}"),
    "summary.partnership.stage": ("{pair}: stage {stage}", "{pair}: tahap {stage}"),
    "summary.partnership.edited": ("Edited {pair}", "Mengubah {pair}"),
    "summary.partnership.removed": ("Removed the partnership {pair}", "Menghapus kemitraan {pair}"),
    "summary.instrument.recorded": ("Recorded the {type} of {pair}", "Mencatat {type} {pair}"),
    "summary.instrument.edited": ("Edited the {type} of {pair}", "Mengubah {type} {pair}"),
    "summary.instrument.removed": ("Removed the {type} of {pair}", "Menghapus {type} {pair}"),
    "summary.activity.recorded": ("Recorded a {what} of {date} of {pair}", "Mencatat {what} ({date}) {pair}"),
    "summary.activity.edited": ("Edited the {what} of {date}", "Mengubah {what} ({date})"),
    "summary.activity.removed": ("Removed the {what} of {date}", "Menghapus {what} ({date})"),
    "summary.no_date": ("no date", "tanpa tanggal"),
    "summary.contact.added": (
        "Added the contact {name} ({where})",
        "Menambahkan narahubung {name} ({where})",
    ),
    "summary.contact.edited": ("Edited the contact {name}", "Mengubah narahubung {name}"),
    "summary.contact.removed": ("Removed the contact {name}", "Menghapus narahubung {name}"),
    "summary.profile.edited": ("Edited the profile of {place}", "Mengubah profil {place}"),
    "summary.password.changed": ("Changed the password of {email}", "Mengubah kata sandi {email}"),
    "summary.document.attached": ("Attached {file} to the {owner}", "Melampirkan {file} pada {owner}"),
    "summary.document.linked": ("Linked a document to the {owner}", "Menautkan dokumen pada {owner}"),
    "summary.document.removed": ("Removed the document {name}", "Menghapus dokumen {name}"),
    # what a document belongs to, inside the sentences above
    "summary.owner.partnership": ("partnership {pair}", "kemitraan {pair}"),
    "summary.owner.instrument": ("{type} of {pair}", "{type} {pair}"),
    "summary.owner.activity": ("{what} of {date}", "{what} ({date})"),
    "summary.article.read": ("Read the article {what}", "Membaca artikel {what}"),
    "summary.proposal.accepted": ("Accepted proposal {id}: {summary}", "Menerima usulan {id}: {summary}"),
    "summary.proposal.rejected": ("Rejected proposal {id}: {summary}", "Menolak usulan {id}: {summary}"),
    "summary.proposal.edited": ("Edited proposal {id}", "Mengubah usulan {id}"),
    # what a decided proposal says, inside the sentences above
    "summary.proposal.partnership": (
        "{a} – {b}: {kind}, {instrument}, {status}, {date}",
        "{a} – {b}: {kind}, {instrument}, {status}, {date}",
    ),
    "summary.proposal.event": ("{type} ({status}), {date}, {place}", "{type} ({status}), {date}, {place}"),
    "summary.place_unknown": ("place unknown", "tempat tidak diketahui"),
    "summary.revert": ("Reverted change {id}: {summary}", "Membatalkan perubahan {id}: {summary}"),
    # an atlas build: "started" until its end writes its counts
    "summary.atlas.started": ("Atlas build", "Pembangunan atlas"),
    "summary.atlas": (
        "Atlas build from {file}: {added} partnerships and {places} places added, "
        "{total} partnerships in all",
        "Pembangunan atlas dari {file}: {added} kemitraan dan {places} tempat ditambahkan, "
        "{total} kemitraan seluruhnya",
    ),
    "summary.atlas.bundled": ("the bundled dataset", "dataset bawaan"),
    # the note of a stage step recorded from a news article (ingest/merge.py)
    "note.news": ("Read in the news: {title}", "Diketahui dari berita: {title}"),
}
