"""The words of the panel's own outputs, in Bahasa Indonesia and English:
interview forms (PDF), the judge file skeleton (`panel template`) and the
panel status (`panel status`).

Kept apart from i18n.py, which holds the scorecard's and ranked list's
labels, so the two grow without touching each other; the same shape
(key -> (Bahasa Indonesia, English)) and the same test that both languages
have every key.
"""

from __future__ import annotations

from ..model import Lang
from .i18n import pick

# Interview forms (templates/panel_form.html.j2), read as `t.<key>`. The
# shared page frame (base.html.j2) reads `generated`, `audit`, `page` and
# `page_of`.
FORM_LABELS: dict[str, tuple[str, str]] = {
    "form_title": ("Formulir Penilaian Wawancara", "Interview Scoring Form"),
    "form_doc_judge": ("Formulir penilai", "Judge's forms"),
    "form_doc_candidate": ("Formulir peserta", "Candidate's forms"),
    "category": ("Kategori", "Category"),
    "stage": ("Tahap", "Stage"),
    "criteria": ("Kriteria", "Criteria"),
    "edition": ("Edisi", "Edition"),
    "status_proposal": (
        "USULAN: bukan tabel bobot resmi",
        "PROPOSAL: not an official weight table",
    ),
    "status_official": ("RESMI", "OFFICIAL"),
    "candidate": ("Peserta", "Candidate"),
    "candidate_id": ("ID peserta", "Candidate id"),
    "province": ("Provinsi", "Province"),
    "judge": ("Penilai", "Judge"),
    "judge_id": ("ID penilai", "Judge id"),
    "judge_name": ("Nama penilai", "Judge's name"),
    "judge_role": ("Unsur", "Role"),
    "judge_organisation": ("Lembaga", "Organisation"),
    "panel_date": ("Tanggal panel", "Panel date"),
    "sheet_id": ("ID lembar", "Sheet id"),
    "criteria_hash": ("SHA-256 kriteria", "Criteria SHA-256"),
    "synthetic_banner": (
        "DATA SINTETIS: peserta ini dibuat untuk uji coba, bukan data nyata.",
        "SYNTHETIC DATA: this candidate was generated for testing, not real data.",
    ),
    "instructions": (
        "Beri tanda pada satu kotak untuk setiap butir. Jika tidak menilai peserta ini, "
        "beri tanda pada kotak abstain atau konflik kepentingan dan tulis alasannya.",
        "Tick one box for each item. If you do not score this candidate, tick the "
        "abstention or conflict-of-interest box and write the reason.",
    ),
    "item": ("Butir", "Item"),
    "weight": ("Bobot", "Weight"),
    "scale": ("Skala", "Scale"),
    "no_descriptor": ("(tanpa uraian)", "(no description)"),
    "aggregation_mean": ("rata-rata", "mean"),
    "aggregation_median": ("median", "median"),
    "aggregation_trimmed-mean": ("rata-rata terpangkas", "trimmed mean"),
    "item_notes": ("Catatan butir", "Notes on the item"),
    "notes": ("Catatan penilai", "Judge's notes"),
    "abstain": (
        "Abstain (tidak menilai peserta ini). Alasan:",
        "Abstain (not scoring this candidate). Reason:",
    ),
    "conflict": ("Konflik kepentingan. Alasan:", "Conflict of interest. Reason:"),
    "signature": ("Tanda tangan", "Signature"),
    "date": ("Tanggal", "Date"),
    "left_out_title": (
        "Tidak dicetak: konflik kepentingan yang dinyatakan",
        "Not printed: declared conflicts of interest",
    ),
    "left_out_judge": ("{judge} untuk {candidate}: {reason}", "{judge} for {candidate}: {reason}"),
    "blank_judge": ("Penilai {n}", "Judge {n}"),
    "no_sheets": (
        "Tidak ada lembar: setiap peserta tahap ini dinyatakan konflik.",
        "No sheets: every candidate of this stage is a declared conflict.",
    ),
    # footer (base.html.j2)
    "generated": ("Dibuat", "Generated"),
    "audit": ("SHA-256 kriteria", "Criteria SHA-256"),
    "page": ("Halaman", "Page"),
    "page_of": ("dari", "of"),
}

# The judge file skeleton's comments (`panel template`).
TEMPLATE_TEXT: dict[str, tuple[str, str]] = {
    "head": (
        "Berkas penilai: satu penilai, satu tahap. Dibuat oleh `paritrana panel template`.",
        "Judge file: one judge, one stage. Made by `paritrana panel template`.",
    ),
    "criteria": (
        "Kriteria: {title}, edisi {edition} ({status})",
        "Criteria: {title}, edition {edition} ({status})",
    ),
    "criteria_hash": ("SHA-256 kriteria: {digest}", "Criteria SHA-256: {digest}"),
    "proposal": ("usulan", "proposal"),
    "official": ("resmi", "official"),
    "how": (
        "Cara mengisi: tulis skor setiap butir sesudah titik dua (bilangan bulat pada skalanya, "
        "misalnya 4). Kosong berarti belum dinilai (peringatan saat `paritrana validate`). "
        "Jangan menulis 0, - atau null.",
        "How to fill it in: write each item's score after the colon (a whole number on its "
        "scale, for example 4). Empty means not scored yet (a warning from `paritrana validate`). "
        "Do not write 0, - or null.",
    ),
    "how_abstain": (
        "Tidak menilai seorang peserta: hapus butir-butirnya dan tulis `abstain: alasan`.",
        "Not scoring a candidate: delete its items and write `abstain: reason`.",
    ),
    "how_check": (
        "Setelah diisi: `paritrana validate`, lalu `paritrana panel status`.",
        "When filled in: `paritrana validate`, then `paritrana panel status`.",
    ),
    "judge": (
        "Penilai: id tetap; nama, unsur, lembaga dan provinsi diisi.",
        "The judge: the id stays; fill in name, role, organisation and province.",
    ),
    "name": ("nama lengkap dengan gelar", "full name with titles"),
    "role": (
        "unsur: pemerintah, akademisi, pengusaha, serikat pekerja, ...",
        "role: pemerintah, akademisi, pengusaha, serikat pekerja, ...",
    ),
    "organisation": ("lembaga asal", "organisation"),
    "province": (
        "provinsi asal (konflik kepentingan dicari dari provinsi dan lembaga)",
        "home province (conflicts of interest are looked for by province and organisation)",
    ),
    "stage": ("tahap: {label}", "stage: {label}"),
    "date": ("tanggal panel, TTTT-BB-HH", "the panel date, YYYY-MM-DD"),
    "conflicts": (
        "Konflik kepentingan yang dinyatakan: id peserta: alasan. Penilai tidak menilai peserta "
        "itu (hapus skornya). Contoh:",
        "Declared conflicts of interest: candidate id: reason. The judge does not score that "
        "candidate (delete its scores). For example:",
    ),
    "waivers": (
        "Konflik yang terdeteksi (provinsi atau lembaga sama) tetapi tetap dinilai: "
        "id peserta: alasan (wajib). Contoh:",
        "Detected conflicts (same province or organisation) the judge scores anyway: "
        "candidate id: reason (required). For example:",
    ),
    "example_reason": ("alasan", "reason"),
    "scores": ("Skor per peserta dan butir.", "Scores per candidate and item."),
    "candidate": ("{name} · {category}", "{name} · {category}"),
    "synthetic": ("SINTETIS: bukan peserta nyata", "SYNTHETIC: not a real candidate"),
    "item": ("{label} (skala {low}-{high})", "{label} (scale {low}-{high})"),
    "comment": ("catatan (opsional)", "comment (optional)"),
    "abstain": (
        "atau, sebagai ganti skor: abstain: alasan",
        "or, instead of the scores: abstain: reason",
    ),
}

# `panel status` (terminal).
STATUS_TEXT: dict[str, tuple[str, str]] = {
    "heading": (
        "Status panel · {category} · tahap {stage}",
        "Panel status · {category} · stage {stage}",
    ),
    "counts": (
        "{entrants} peserta, {judges} penilai, {complete} lengkap",
        "candidates: {entrants}, judges: {judges}, complete: {complete}",
    ),
    "no_entrants": (
        "Belum ada peserta di tahap ini: daftar pendek tahap sebelumnya belum ditetapkan "
        "(tahap itu belum lengkap).",
        "No candidate enters this stage yet: the previous stage's shortlist is not cut "
        "(that stage is not complete).",
    ),
    "no_items": (
        "Tahap ini tidak memuat butir rubrik panel.",
        "This stage has no panel rubric items.",
    ),
    "no_judges": (
        "Belum ada berkas penilai untuk tahap ini (`paritrana panel template`).",
        "No judge files for this stage yet (`paritrana panel template`).",
    ),
    "not_scored": ("Belum dinilai", "Not scored yet"),
    "all_items": ("semua butir", "every item"),
    "nobody_missing": ("tidak ada", "none"),
    "recusals": ("Mundur dari penilaian", "Recusals"),
    "recusal_conflict": ("konflik kepentingan", "conflict of interest"),
    "recusal_abstain": ("abstain", "abstention"),
    "conflicts": ("Konflik kepentingan", "Conflicts of interest"),
    "ground_declared": ("dinyatakan", "declared"),
    "ground_province": ("provinsi sama", "same province"),
    "ground_organisation": ("lembaga sama", "same organisation"),
    "waived": ("dikecualikan: {reason}", "waived: {reason}"),
    "recused": ("tidak menilai", "recused"),
    "quorum": ("Di bawah kuorum ({quorum} penilai)", "Below quorum ({quorum} judges)"),
    "quorum_item": ("{count} penilai sah", "valid judges: {count}"),
    "agenda": (
        "Agenda diskusi (selisih lebih dari {limit})",
        "Discussion agenda (spread above {limit})",
    ),
    "agenda_off": (
        "Agenda diskusi: tidak ada ambang selisih dalam kriteria (`disagreement`).",
        "Discussion agenda: the criteria set no spread threshold (`disagreement`).",
    ),
    "spread": ("selisih {spread}", "spread {spread}"),
    "normalisation": ("Normalisasi (z-score per penilai)", "Normalisation (z-score per judge)"),
    "normalised": ("dinormalisasi ({count} skor)", "normalised (scores: {count})"),
    "not_normalised": (
        "tidak dinormalisasi: {reason} ({count} skor)",
        "not normalised: {reason} (scores: {count})",
    ),
    "reason_fewer-than-3": ("kurang dari 3 skor", "fewer than 3 scores"),
    "reason_no-spread": ("semua skor sama", "all scores equal"),
    "reason_anonymous": ("skor tanpa nama penilai", "scores without a named judge"),
    "normalise_none": (
        "Normalisasi: tidak ada (skor dipakai apa adanya).",
        "Normalisation: none (scores used as given).",
    ),
    "none": ("tidak ada", "none"),
    "stage_complete": ("LENGKAP", "COMPLETE"),
    "stage_incomplete": ("BELUM LENGKAP", "NOT COMPLETE"),
    "summary": (
        "Ringkasan tahap {stage}: {state}: {complete} dari {entrants} peserta lengkap; {missing} nilai belum diisi, "
        "{quorum} butir di bawah kuorum, {agenda} butir untuk diskusi.",
        "Summary of stage {stage}: {state}: {complete} of {entrants} candidates complete; scores not in yet: {missing}, "
        "items below quorum: {quorum}, items for discussion: {agenda}.",
    ),
    "summary_state_all": ("tahap lengkap", "stage complete"),
    "summary_state_not": ("tahap belum lengkap", "stage not complete"),
}


def form_labels(lang: Lang) -> dict[str, str]:
    return pick(FORM_LABELS, lang)


def template_text(lang: Lang) -> dict[str, str]:
    return pick(TEMPLATE_TEXT, lang)


def status_text(lang: Lang) -> dict[str, str]:
    return pick(STATUS_TEXT, lang)
