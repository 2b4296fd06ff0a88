"""The words of the improve report (`paritrana improve FILE --pdf OUT.pdf`),
in Bahasa Indonesia and English.

Kept apart from i18n.py (scorecard, ranked list) and i18n_panel.py (the
panel's documents) so each document's words grow on their own; the same
shape (key -> (Bahasa Indonesia, English)) and the same check that both
languages have every key. The shared page frame (base.html.j2) reads
`generated`, `audit`, `page` and `page_of`; the header reads the words
`document_facts` needs (`status_proposal`, `status_official`).
"""

from __future__ import annotations

from ..model import Lang
from .i18n import pick

LABELS: dict[str, tuple[str, str]] = {
    "report_title": ("Laporan Penilaian Mandiri", "Self-assessment Report"),
    "report_subtitle": (
        "Apa yang kurang dan berapa nilainya: bahan untuk wawancara",
        "What is missing and what it is worth: for the interview",
    ),
    "category": ("Kategori", "Category"),
    "criteria": ("Kriteria", "Criteria"),
    "edition": ("Edisi", "Edition"),
    "status_proposal": (
        "USULAN: bukan tabel bobot resmi",
        "PROPOSAL: not an official weight table",
    ),
    "status_official": ("RESMI", "OFFICIAL"),
    "candidate_id": ("ID peserta", "Candidate id"),
    "period": ("Periode penilaian", "Assessment period"),
    "province": ("Provinsi", "Province"),
    "source_file": ("Berkas", "File"),
    "stage": ("Tahap", "Stage"),
    "synthetic_banner": (
        "DATA SINTETIS: peserta ini dibuat untuk uji coba, bukan data nyata.",
        "SYNTHETIC DATA: this candidate was generated for testing, not real data.",
    ),
    # what-if
    "whatif_banner": (
        "SIMULASI: laporan ini memakai nilai pengandaian (--set), bukan data yang diserahkan. "
        "Berkas peserta tidak diubah.",
        "SIMULATION (hypothetical): this report uses what-if values (--set), not the "
        "submitted data. The candidate file is not changed.",
    ),
    "whatif_title": ("Nilai simulasi", "Hypothetical values"),
    "whatif_field": ("Kunci YAML", "YAML key"),
    "whatif_submitted": ("Data yang diserahkan", "Submitted"),
    "whatif_value": ("Nilai simulasi", "Hypothetical value"),
    "whatif_tag": ("SIMULASI", "HYPOTHETICAL"),
    # summary
    "total_now": ("Total sekarang (semua pilar)", "Total now (every pillar)"),
    "of_max": ("dari maks.", "out of max."),
    "available_total": ("Poin yang masih tersedia", "Points still available"),
    "missing_count": ("Data tidak tersedia", "Missing values"),
    "pending_title": ("Wawancara belum dinilai", "Interview not yet scored"),
    "pending_range": (
        "Total akhir yang mungkin: {low} sampai {high} (dari {max})",
        "Possible final total: {low} to {high} (out of {max})",
    ),
    "pending_range_note": (
        "Menunggu penilaian panel: {items}. Terendah: setiap penilai memberi skor terendah "
        "skala; tertinggi: skor tertinggi (dihitung ulang). Wawancara yang belum dinilai "
        "tidak dihitung nol.",
        "Awaiting the panel's scores: {items}. Lowest: every judge gives the scale's lowest "
        "score; highest: its highest (rescored). An interview not yet scored never counts "
        "as zero.",
    ),
    "stage_total": (
        "{stage} (dinilai sendiri): {total} / {max}",
        "{stage} (scored alone): {total} / {max}",
    ),
    "no_pending": ("Tidak ada penilaian panel yang tertunda.", "No panel scores pending."),
    # advice tables
    "priorities_title": ("Langkah dengan poin terbanyak", "Steps that earn the most"),
    "priorities_note": (
        "Data yang belum diisi lebih dulu (poin termurah), lalu menurut tambahan poin.",
        "Missing data first (the cheapest points), then by the points gained.",
    ),
    "pillar": ("Pilar", "Pillar"),
    "indicator": ("Indikator", "Indicator"),
    "yaml_key": ("Kunci YAML", "YAML key"),
    "value_now": ("Nilai sekarang", "Value now"),
    "earned": ("Poin", "Earned"),
    "available": ("Tersedia", "Available"),
    "next_step": ("Langkah berikutnya", "Next step"),
    "full_points": ("Poin penuh", "Full points"),
    "subtotal": ("Subtotal", "Subtotal"),
    "status_missing": ("TIDAK ADA DATA", "MISSING"),
    "status_pending": ("MENUNGGU PANEL", "PENDING"),
    "status_full": ("POIN PENUH", "FULL POINTS"),
    "no_step": ("\u2013", "\u2013"),
    "pending_step": ("dinilai panel saat wawancara", "scored by the panel at the interview"),
    "pending_points": (
        "dinilai panel saat wawancara: {low} sampai {high} poin",
        "scored by the panel at the interview: {low} to {high} points",
    ),
    "full_already": ("sudah poin penuh", "already full points"),
    "no_step_judges": ("dinilai panel", "scored by the panel"),
    "no_step_bound": (
        "tidak dapat naik lagi dalam batas nilai yang mungkin",
        "cannot rise further within the values' bounds",
    ),
    "no_step_needs_values": (
        "isi dulu semua nilainya (tidak ada dasar hitungan)",
        "fill in all of its values first (nothing to compute from)",
    ),
    "no_step_zero_denominator": (
        "penyebutnya 0: isi dulu nilai penyebut",
        "its denominator is 0: write the denominator first",
    ),
    "nothing_left": (
        "Semua indikator yang dapat dinilai sudah mendapat poin penuh.",
        "Every indicator that can be scored already has full points.",
    ),
    # peers
    "peers_title": ("Dibanding peserta lain", "Against the others"),
    "rank_now": ("Peringkat sekarang: {rank} dari {n}", "Rank now: {rank} of {n}"),
    "rank_none": (
        "Belum diberi peringkat (belum lengkap pada tahap ini)",
        "Not ranked yet (incomplete in this stage)",
    ),
    "peers_from": ("Pembanding: {n} peserta dari {source}", "Peers: {n} candidates from {source}"),
    "target": ("Sasaran", "Target"),
    "target_rank": ("peringkat {rank}", "rank {rank}"),
    "target_shortlist": ("daftar pendek ({n} teratas)", "the shortlist (top {n})"),
    "changes": ("Perubahan terkecil", "Smallest change set"),
    "reached": ("Sudah tercapai", "Already reached"),
    "unreachable": (
        "Tidak dapat dicapai dalam batas nilai yang mungkin",
        "Cannot be reached within the values' bounds",
    ),
    "cost_model": (
        "Perubahan terkecil: sesedikit mungkin indikator diubah, lalu perubahan relatif "
        "terkecil; setiap usulan diperiksa dengan menghitung ulang skor.",
        "Smallest change: the fewest indicators changed, then the smallest relative change; "
        "every suggestion is checked by rescoring.",
    ),
    "ties": ("Nilai sama dan aturan nilai sama", "Ties and the tie-break"),
    # footer (base.html.j2)
    "generated": ("Dibuat", "Generated"),
    "audit": ("Audit SHA-256", "Audit SHA-256"),
    "page": ("Halaman", "Page"),
    "page_of": ("dari", "of"),
}


def labels(lang: Lang) -> dict[str, str]:
    """All of the report's words in one language."""
    return pick(LABELS, lang)
