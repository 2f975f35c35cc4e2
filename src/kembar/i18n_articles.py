"""Strings of the page where an article is handed in for the review queue:
key -> (English, Bahasa Indonesia)."""

from __future__ import annotations

# What a source of a text pasted into the page is stored as (its attribution): the pages
# say it in the reader's language (Translator.source_attribution).
HANDED_IN = "text handed in on the web"

MESSAGES: dict[str, tuple[str, str]] = {
    "article.handed_in": ("Text handed in on the web", "Teks yang dikirim lewat web"),
    "nav.article": ("Hand in an article", "Kirim artikel"),
    "article.title": ("Hand in a news article", "Kirim artikel berita"),
    "article.lead": (
        "Kembar reads the article (Indonesian, English or Malay) and files the partnerships, "
        "activities and figures it reports as proposals, each with its evidence. A reviewer "
        "decides them; nothing enters the registry before that.",
        "Kembar membaca artikel (bahasa Indonesia, Inggris, atau Melayu) dan mencatat kemitraan, "
        "kegiatan, dan angka yang dilaporkannya sebagai usulan, masing-masing dengan buktinya. "
        "Peninjau memutuskannya; tidak ada yang masuk register sebelum itu.",
    ),
    "article.one_of": (
        "Give the article's address, a file or its text. With a file or a text, the address is "
        "kept as where the article comes from, not fetched.",
        "Isi alamat artikel, berkas, atau teksnya. Bila berkas atau teks diisi, alamatnya disimpan "
        "sebagai asal artikel dan tidak diunduh.",
    ),
    "article.url": ("Address (URL) of the article", "Alamat (URL) artikel"),
    "article.file": ("File (text or HTML, at most 5 MB)", "Berkas (teks atau HTML, paling besar 5 MB)"),
    "article.text": ("Text of the article", "Teks artikel"),
    "article.published": ("Published on", "Tanggal terbit"),
    "article.published_help": (
        "Used for dates written without a year (“Senin (11/8)”).",
        "Dipakai untuk tanggal yang ditulis tanpa tahun (“Senin (11/8)”).",
    ),
    "article.submit": ("Read the article", "Baca artikel"),
    "article.busy": ("Reading the article…", "Sedang membaca artikel…"),
    "article.give_one": (
        "Give the article's address, a file or its text: one of them.",
        "Isi alamat artikel, berkas, atau teksnya: salah satu saja.",
    ),
    "article.stored": (
        "Stored as source {id}: {n} proposals filed for review.",
        "Disimpan sebagai sumber {id}: {n} usulan dicatat untuk ditinjau.",
    ),
    "article.known": (
        "This article was handed in before (source {id}); nothing changed.",
        "Artikel ini sudah pernah dikirim (sumber {id}); tidak ada yang berubah.",
    ),
    "article.not_filed": (
        "{n} more proposals of this kind were not filed (at most {max} per article): {kind}.",
        "{n} usulan lain jenis ini tidak dicatat (paling banyak {max} per artikel): {kind}.",
    ),
    "article.none_found": (
        "The article reports no partnership, activity or figure Kembar can read.",
        "Artikel ini tidak melaporkan kemitraan, kegiatan, atau angka yang dapat dibaca Kembar.",
    ),
    "article.to_review": ("Open the review queue", "Buka antrean tinjauan"),
    "article.another": ("Hand in another article", "Kirim artikel lain"),
    "article.reviewers_decide": (
        "A reviewer will decide these proposals.",
        "Peninjau akan memutuskan usulan-usulan ini.",
    ),
}
