"""The words of the review queue's parties and activities (English, Bahasa Indonesia)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "review.party_a": ("First party", "Pihak pertama"),
    "review.party_b": ("Second party", "Pihak kedua"),
    "review.party_new": (
        "not in the registry yet: will be created as {kind}",
        "belum ada di registri: akan dibuat sebagai {kind}",
    ),
    "review.party_written": ("written in the article as “{name}”", "ditulis di artikel sebagai “{name}”"),
    "review.pick_a": (
        "First party: another place of the registry?",
        "Pihak pertama: tempat lain di registri?",
    ),
    "review.pick_b": (
        "Second party: another place of the registry?",
        "Pihak kedua: tempat lain di registri?",
    ),
    "review.activity_type": ("Activity", "Kegiatan"),
    "review.activity_title": ("Title", "Judul"),
    "review.activity_date": ("Date", "Tanggal"),
    "review.activity_place": ("Place", "Tempat"),
    "review.activity_people": ("Participants", "Peserta"),
    "review.activity_count": ("Number of participants", "Jumlah peserta"),
    "review.activity_status": ("Held or planned", "Terlaksana atau direncanakan"),
    "review.activity_pair": ("Partnership named", "Kemitraan yang disebut"),
    "review.unknown": ("not said", "tidak disebut"),
    "review.target_wait": (
        "No partnership is recorded for this activity yet. Accept the partnership proposal {ids} "
        "of the same article first; until then, accepting this activity is refused.",
        "Belum ada kemitraan tercatat untuk kegiatan ini. Terima dulu usulan kemitraan {ids} dari "
        "artikel yang sama; sebelum itu, kegiatan ini tidak dapat diterima.",
    ),
    "review.target_none": (
        "This activity belongs to no single recorded partnership: record or accept its partnership "
        "first; until then, accepting it is refused.",
        "Kegiatan ini tidak termasuk satu kemitraan yang tercatat: catat atau terima dulu "
        "kemitraannya; sebelum itu, kegiatan ini tidak dapat diterima.",
    ),
    "err.review.accept_partnership_first": (
        "This activity belongs to no recorded partnership yet: accept the partnership proposal {ids} "
        "of the same article first.",
        "Kegiatan ini belum termasuk kemitraan yang tercatat: terima dulu usulan kemitraan {ids} "
        "dari artikel yang sama.",
    ),
    "err.review.no_partnership": (
        "This activity belongs to no single recorded partnership: record or accept its partnership first.",
        "Kegiatan ini tidak termasuk satu kemitraan yang tercatat: catat atau terima dulu kemitraannya.",
    ),
    "err.review.no_place": ("No place has the id {id}.", "Tidak ada tempat dengan id {id}."),
    "err.review.place_id": ("“{value}” is not a place id.", "“{value}” bukan id tempat."),
}
