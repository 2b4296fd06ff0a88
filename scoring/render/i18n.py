"""Every heading and label of the documents, in Bahasa Indonesia and English.

One place, so a label is translated once and a test can check that both
languages have every key. Templates read them as `t.<key>`; with
StrictUndefined a missing key fails loudly instead of printing nothing.
"""

from __future__ import annotations

from ..model import Lang

# key: (Bahasa Indonesia, English)
LABELS: dict[str, tuple[str, str]] = {
    # document titles
    "scorecard_title": ("Lembar Penilaian", "Scorecard"),
    "ranklist_title": ("Daftar Peringkat", "Ranked List"),
    # header
    "category": ("Kategori", "Category"),
    "candidate": ("Peserta", "Candidate"),
    "candidate_id": ("ID peserta", "Candidate id"),
    "province": ("Provinsi", "Province"),
    "zone": ("Zona", "Zone"),
    "period": ("Periode penilaian", "Assessment period"),
    "criteria": ("Kriteria", "Criteria"),
    "edition": ("Edisi", "Edition"),
    "status_proposal": (
        "USULAN: bukan tabel bobot resmi",
        "PROPOSAL: not an official weight table",
    ),
    "status_official": ("RESMI", "OFFICIAL"),
    "synthetic_banner": (
        "DATA SINTETIS: peserta ini dibuat untuk uji coba, bukan data nyata.",
        "SYNTHETIC DATA: this candidate was generated for testing, not real data.",
    ),
    "synthetic_list_banner": (
        "DATA SINTETIS: daftar ini memuat peserta buatan untuk uji coba (tanda S), "
        "bukan data nyata.",
        "SYNTHETIC DATA: this list includes candidates generated for testing (flag S), "
        "not real data.",
    ),
    # summary
    "total": ("Total nilai", "Total points"),
    "of_max": ("dari maks.", "out of max."),
    "rank": ("Peringkat", "Rank"),
    "rank_of": ("dari", "of"),
    "rank_alone": (
        "satu-satunya peserta kategori ini",
        "only candidate in this category",
    ),
    "pending_note": (
        "Sebagian indikator menunggu penilaian panel: total dihitung dari nilai maksimum "
        "yang sudah dapat dinilai.",
        "Some indicators await the panel's scores: the total is out of the maximum that "
        "can be scored so far.",
    ),
    "missing_count": ("Data tidak tersedia", "Missing values"),
    "pending_count": ("Menunggu panel", "Awaiting panel"),
    # indicator table
    "pillar": ("Pilar", "Pillar"),
    "indicator": ("Indikator", "Indicator"),
    "value_given": ("Nilai yang diisi", "Value as given"),
    "evidence": ("Bukti", "Evidence"),
    "derived": ("Nilai olahan", "Derived value"),
    "rule": ("Aturan penilaian", "Scoring rule"),
    "score": ("Skor", "Score"),
    "weight": ("Bobot", "Weight"),
    "points": ("Poin", "Points"),
    "subtotal": ("Subtotal", "Subtotal"),
    "page_abbr": ("hlm.", "p."),
    "status_missing": ("TIDAK ADA DATA", "MISSING"),
    "status_pending": ("MENUNGGU PANEL", "PENDING"),
    "policy_zero": (
        "kebijakan data kosong: nol (skor 0)",
        "missing-value policy: zero (scores 0)",
    ),
    "policy_reweight": (
        "kebijakan data kosong: bobot dibagi ke indikator lain dalam pilar",
        "missing-value policy: reweight (its weight goes to the pillar's other indicators)",
    ),
    "policy_reweight_all": (
        "semua indikator pilar kosong: pilar bernilai 0",
        "every indicator of the pillar is missing: the pillar scores 0",
    ),
    "pending_policy": (
        "belum dinilai panel: tidak dihitung dalam total maupun maksimum",
        "not yet scored by the panel: left out of the total and the maximum",
    ),
    "nominal_weight": ("bobot awal", "nominal weight"),
    "panel_scores": ("skor panel", "panel scores"),
    # chart
    "chart_title": (
        "Poin per pilar dibanding maksimum",
        "Points per pillar against the maximum",
    ),
    "chart_legend_points": ("poin", "points"),
    "chart_legend_max": ("maksimum", "maximum"),
    # sources, panel
    "reports": ("Sumber data", "Data sources"),
    "no_reports": ("Tidak ada sumber yang dicantumkan.", "No sources listed."),
    "candidate_notes": ("Catatan peserta", "Candidate's notes"),
    "panel_notes": ("Catatan panel penilai", "Panel's notes"),
    "signatures": ("Tanda tangan panel penilai", "Panel members' signatures"),
    "signature_name": ("Nama", "Name"),
    "signature_date": ("Tanggal", "Date"),
    # footer
    "page": ("Halaman", "Page"),
    "page_of": ("dari", "of"),
    "generated": ("Dibuat", "Generated"),
    "audit": ("Audit SHA-256", "Audit SHA-256"),
    "tool": ("paritrana", "paritrana"),
    # ranked list
    "rank_short": ("Per.", "Rank"),
    "name": ("Nama", "Name"),
    "flags": ("Catatan", "Flags"),
    "shortlist_mark": ("masuk daftar pendek", "shortlisted"),
    "shortlist_note": (
        "Tanda \u2605 menandai {n} peringkat teratas (daftar pendek).",
        "\u2605 marks the top {n} (shortlist).",
    ),
    "tie_break_title": ("Aturan nilai sama", "Tie-break rule"),
    "tie_break_text": (
        (
            "Total yang sama diurutkan menurut poin pilar {pillars}, berturut-turut, "
            "yang lebih tinggi lebih dulu. Jika semuanya masih sama, peserta berbagi "
            "peringkat yang sama (1, 2, 2, 4) dan diurutkan menurut nama."
        ),
        (
            "Equal totals are ordered by the points of pillar {pillars}, in that order, "
            "higher first. If all are still equal, the candidates share the same "
            "rank (1, 2, 2, 4) and are listed by name."
        ),
    ),
    "tie_break_none": (
        "Total yang sama berbagi peringkat yang sama (1, 2, 2, 4), diurutkan menurut nama.",
        "Equal totals share the same rank (1, 2, 2, 4) and are listed by name.",
    ),
    "then": ("lalu", "then"),
    "legend_title": ("Keterangan", "Legend"),
    "flag_missing": ("M{n}", "M{n}"),
    "flag_pending": ("P", "P"),
    "flag_synthetic": ("S", "S"),
    "legend_synthetic": (
        "S: peserta sintetis (data buatan)",
        "S: synthetic candidate (generated data)",
    ),
    "legend_missing": (
        "M n: n indikator tanpa data (dinilai menurut kebijakan data kosong)",
        "M n: n indicators without data (scored by the missing-value policy)",
    ),
    "legend_pending": (
        "P: wawancara/penilaian panel belum ada; total dari maksimum yang tersedia",
        "P: interview/panel scores not yet in; total is out of the available maximum",
    ),
    "candidates_count": ("peserta", "candidates"),
    "candidates_count_one": ("peserta", "candidate"),
    "no_candidates": ("Tidak ada peserta.", "No candidates."),
    "max_short": ("maks.", "max."),
    # stages, cut-off, panel of judges (issue 8): every output
    "stage": ("Tahap", "Stage"),
    "stage_n_of": ("Tahap {n} dari {of}: {label}", "Stage {n} of {of}: {label}"),
    "stage_basis": (
        "dasar peringkat: {pillars} (maks. {max})",
        "ranked on: {pillars} (max. {max})",
    ),
    "stage_combine": (
        "dasar peringkat: gabungan tahap {parts} (maks. {max})",
        "ranked on: a combination of stages {parts} (max. {max})",
    ),
    "stage_implicit": (
        "satu tahap, dasar peringkat: semua pilar (maks. {max})",
        "one stage, ranked on: every pillar (max. {max})",
    ),
    "stage_auto": (
        "dipilih otomatis: tahap terakhir yang punya peserta lengkap",
        "chosen automatically: the latest stage with a complete candidate",
    ),
    "cutoff_line": (
        "Batas daftar pendek {size}: {passed} lolos",
        "Shortlist cut-off at {size}: {passed} shortlisted",
    ),
    "cutoff_margin": (
        "selisih di batas {margin} poin ({last} di atas {first})",
        "margin at the cut-off {margin} points ({last} over {first})",
    ),
    "cutoff_all_pass": (
        "semua peserta lengkap lolos",
        "every complete candidate passes",
    ),
    "cutoff_override": (
        "--top {size} menggantikan daftar pendek kriteria ({declared})",
        "--top {size} overrides the criteria's shortlist ({declared})",
    ),
    "cutoff_declared_none": ("tidak ada", "none"),
    "cutoff_tie_pillar": (
        "Total sama di batas daftar pendek: diputuskan oleh pilar {pillar} (aturan nilai sama).",
        "Equal totals at the cut-off: decided by the tie-break pillar {pillar}.",
    ),
    "cutoff_exact_tie": (
        "Total sama persis di batas daftar pendek, tidak terpisahkan oleh aturan nilai sama: "
        "semua {passed} lolos (daftar pendek {size}).",
        "Exactly equal totals at the cut-off, not separated by the tie-break: "
        "all {passed} pass (shortlist of {size}).",
    ),
    "incomplete": ("belum lengkap", "incomplete"),
    "incomplete_note": (
        "{n} peserta belum lengkap (nilai panel belum ada atau di bawah kuorum): "
        "tidak diberi peringkat, dicantumkan sesudah yang berperingkat.",
        "{n} incomplete (panel scores not yet in, or below the quorum): "
        "not ranked, listed after the ranked candidates.",
    ),
    "shortlisted": ("lolos daftar pendek", "shortlisted"),
    "not_shortlisted": ("tidak lolos daftar pendek", "not shortlisted"),
    "incomplete_status": (
        "Belum lengkap: tidak diberi peringkat pada tahap ini",
        "Incomplete: not ranked in this stage",
    ),
    "agg_mean": ("rata-rata", "mean"),
    "agg_median": ("median", "median"),
    "agg_trimmed-mean": ("rata-rata terpangkas", "trimmed mean"),
    "agg_of": ("{method} dari {n} penilai", "{method} of {n} judges"),
    "agg_of_one": ("{method} dari {n} penilai", "{method} of {n} judge"),
    "agg_fallback": (
        "dinyatakan {declared}, yang memerlukan sedikitnya 5 penilai",
        "declared {declared}, which needs at least 5 judges",
    ),
    "agg_below_quorum": (
        "{n} dari kuorum {quorum} penilai: menunggu",
        "{n} of a quorum of {quorum} judges: pending",
    ),
    "agg_none": ("belum ada nilai penilai", "no judge's score yet"),
    "agg_spread": ("rentang {spread}", "spread {spread}"),
    "agg_flagged": ("perlu dibahas panel", "for the panel's discussion"),
    "agg_quorum": ("kuorum {quorum}", "quorum {quorum}"),
    "normalise_note": (
        "Skor dinormalkan per penilai dalam tahap ini (z-score, dikembalikan ke skala "
        "rubrik); di tabel: skor asli, lalu skor terpakai dalam kurung.",
        "Scores are normalised per judge within this stage (z-score, rescaled to the "
        "rubric's scale); in the table: as scored, then as used in brackets.",
    ),
    "not_normalised": ("{judge} tidak dinormalkan: {reason}", "{judge} not normalised: {reason}"),
    "reason_fewer-than-3": ("kurang dari 3 skor", "fewer than 3 scores"),
    "reason_no-spread": ("semua skornya sama", "all their scores are equal"),
    "reason_anonymous": ("skor tanpa nama penilai", "scores without a named judge"),
    "recusal_conflict": ("konflik kepentingan", "conflict of interest"),
    "recusal_abstain": ("abstain", "abstained"),
    "grounds_declared": ("dinyatakan", "declared"),
    "grounds_province": ("provinsi sama", "same province"),
    "grounds_organisation": ("organisasi", "organisation"),
    "judges_title": ("Nilai panel per penilai", "Panel scores by judge"),
    "judge_code": ("P{n}", "J{n}"),
    "recused_code": ("R{n}", "R{n}"),
    "recused_word": ("mundur", "stood aside"),
    "judges_legend": ("Penilai", "Judges"),
    "recusals_title": ("Penilai yang mundur", "Judges who stood aside"),
    "comments_title": ("Komentar penilai", "Judges' comments"),
    "conflicts_title": (
        "Konflik kepentingan yang dikecualikan (penilai tetap menilai)",
        "Conflicts of interest waived (the judge scored)",
    ),
    "result": ("Hasil", "Result"),
    "aggregation": ("Agregasi", "Aggregation"),
    "descriptors": ("Arti skor", "Levels"),
    "panel_date": ("Tanggal panel", "Panel date"),
    "role": ("Peran", "Role"),
    "no_judge_scores": ("–", "–"),
    # terminal views (`rank`, `score`, `fields`) and the workbook
    "cli_rank": ("Peringkat", "Rank"),
    "cli_name": ("Nama", "Name"),
    "cli_total": ("Total", "Total"),
    "cli_max_total": ("Maks. total", "Max. total"),
    "cli_id": ("ID", "ID"),
    "cli_proposal": ("usulan", "proposal"),
    "cli_official": ("resmi", "official"),
    "cli_missing": ("nilai kosong", "missing values"),
    "cli_policy_zero": ("dinilai nol", "scored zero"),
    "cli_policy_reweight": ("bobot dibagi ulang", "weight shared out"),
    "cli_legend": (
        "Catatan: kosong:N = N indikator tanpa data; tertunda:N = N indikator rubrik "
        "panel belum dinilai (tidak dihitung, total dari maks.).",
        "Flags: missing:N = N indicators without data; pending:N = N panel-rubric "
        "indicators not yet scored (left out; total is out of max.).",
    ),
    "cli_flag_missing": ("kosong", "missing"),
    "cli_flag_pending": ("tertunda", "pending"),
    "cli_tie": ("Urutan jika sama: total, lalu pilar", "Ties broken by total, then pillars"),
    "cli_period": ("periode", "period"),
    "cli_value": ("nilai", "value"),
    "cli_derived": ("turunan", "derived"),
    "cli_rule": ("aturan", "rule"),
    "cli_score": ("skor", "score"),
    "cli_weight": ("bobot", "weight"),
    "cli_points": ("poin", "points"),
    "cli_no_candidates": ("(tidak ada kandidat)", "(no candidates)"),
    "cli_field": ("Field", "Field"),
    "cli_type": ("Tipe", "Type"),
    "cli_label": ("Keterangan", "Label"),
    "cli_derived_mark": ("turunan", "derived"),
    "cli_status_missing": ("KOSONG", "MISSING"),
    "cli_status_pending": ("TERTUNDA", "PENDING"),
    "cli_generated": ("Dibuat", "Generated"),
    "cli_complete": ("Lengkap", "Complete"),
    "cli_shortlisted_col": ("Lolos", "Shortlisted"),
    # issue 9 (INIT): `paritrana init`, `fields --category`, the `score` breakdown
    "fields_field": ("Kolom", "Field"),
    "fields_type": ("Jenis", "Type"),
    "fields_label": ("Keterangan", "Label"),
    "fields_feeds": ("Dipakai oleh indikator", "Feeds the indicators"),
    "fields_category": (
        "Kolom yang dibaca kategori {label} ({id})",
        "Fields read by category {label} ({id})",
    ),
    "type_count": ("jumlah", "count"),
    "type_money": ("uang", "money"),
    "type_percent": ("persen", "percent"),
    "type_months": ("bulan", "months"),
    "type_bool": ("ya/tidak", "yes/no"),
    "type_level": ("tingkat", "level"),
    "role_numerator": ("pembilang", "numerator"),
    "role_denominator": ("penyebut", "denominator"),
    "role_current": ("tahun ini", "this year"),
    "role_previous": ("tahun sebelumnya", "previous year"),
    "role_part": ("bagian dari jumlah", "part of the sum"),
    "role_fallback": (
        "pengganti bila rasio tidak dapat dihitung",
        "used when the ratio cannot be computed",
    ),
    "points_n": ("{n} poin", "{n} points"),
    "points_one": ("{n} poin", "{n} point"),
    "write_count": (
        "bilangan bulat, mis. 2.234 atau 2234 (titik memisahkan ribuan)",
        "a whole number, e.g. 2.234 or 2234 (the dot groups thousands; never 2,234)",
    ),
    "write_money": (
        "rupiah utuh, mis. Rp 484.646.400 atau 484646400",
        "whole rupiah, e.g. Rp 484.646.400 or 484646400 (the dot groups thousands)",
    ),
    "write_percent": (
        "persen 0-100, mis. 94,5 atau 94,5% (bukan 0,945)",
        "a percent 0-100, e.g. 94,5 or 94,5% (decimal comma; not 0,945)",
    ),
    "write_months": ("bilangan bulat bulan, mis. 3", "a whole number of months, e.g. 3"),
    "write_bool": ("ya atau tidak", "ya (yes) or tidak (no)"),
    "write_level": ("tingkat: {levels}", "level: {levels}"),
    "at_most_field": ("tidak melebihi {field}", "at most {field}"),
    "init_head": (
        "Berkas peserta Paritrana Award, kategori {label} ({id}), dibuat oleh paritrana init.",
        "Paritrana Award candidate file, category {label} ({id}), written by paritrana init.",
    ),
    "init_criteria": (
        "Kriteria: {title}, edisi {edition} ({status}).",
        "Criteria: {title}, edition {edition} ({status}).",
    ),
    "init_how": (
        "Isi nilai sesudah titik dua. Nilai yang dibiarkan kosong berarti data tidak tersedia "
        "(bukan nol) dan dinilai menurut kebijakan data kosong: {policy}.",
        "Write each value after its colon. A value left empty means the data is not available "
        "(missing, not zero) and is scored by the missing-value policy: {policy}.",
    ),
    "init_evidence": (
        "Sebuah nilai boleh disertai buktinya: {{value: 2.234, evidence: {{document: id-laporan}}}}, "
        "dengan id-laporan dari daftar reports: di bawah.",
        "A value may carry its evidence: {{value: 2.234, evidence: {{document: report-id}}}}, "
        "report-id being one of the reports: below.",
    ),
    "init_check": (
        "Periksa berkas dengan: paritrana validate {file}; lihat nilainya: paritrana score {file}.",
        "Check the file: paritrana validate {file}; see what it scores: paritrana score {file}.",
    ),
    "init_panel": (
        "Dinilai panel saat wawancara, tidak diisi di berkas ini: {items} ({points}).",
        "Scored by the panel at the interview, not written in this file: {items} ({points}).",
    ),
    "init_id": (
        "huruf kecil, angka dan '-', unik di antara peserta",
        "lower-case letters, digits and '-', unique among the candidates",
    ),
    "init_name": ("ganti dengan nama resmi peserta", "replace with the candidate's official name"),
    "init_name_value": ("ISI NAMA PESERTA", "FILL IN THE CANDIDATE'S NAME"),
    "init_category": ("kategori {label}", "category {label}"),
    "init_period": ("tahun penilaian (edisi kriteria)", "assessment year (the criteria's edition)"),
    "init_province": ("provinsi peserta", "the candidate's province"),
    "init_reports": (
        "Sumber data (opsional): laporan yang menjadi bukti nilai; hapus tanda # untuk memakainya.",
        "Data sources (optional): the reports the values come from; remove the # to use them.",
    ),
    "init_report_title": ("Judul laporan", "Title of the report"),
    "init_feeds": ("dipakai oleh: {uses}", "feeds: {uses}"),
    "init_list": (
        "Daftar, bukan angka: daftar ini menghasilkan {fields}. Kosong = data tidak tersedia; "
        "[] = tidak ada. Contoh (hapus tanda # dan sesuaikan):",
        "A list, not a number: it gives {fields}. Empty = not available; "
        "[] = none. Example (remove the # and adapt it):",
    ),
    "init_ptsp_derived": (
        "atau biarkan kosong: dihitung dari regulations: (cakupan ptsp)",
        "or leave it empty: taken from regulations: (scope ptsp)",
    ),
    "init_regulation_types": ("Nilai type yang diterima: {types}", "Values of type: {types}"),
    "init_regulation_scopes": (
        "Nilai scope yang diterima: {scopes} (dedicated = regulasi khusus jaminan sosial "
        "ketenagakerjaan)",
        "Values of scope: {scopes} (dedicated = a regulation on workers' social security itself)",
    ),
    "init_regulation_title": ("Judul regulasi", "Title of the regulation"),
    "init_innovation_title": ("Nama inovasi", "Name of the innovation"),
    "init_event_title": (
        "Sosialisasi kepesertaan jaminan sosial ketenagakerjaan",
        "Outreach on workers' social security membership",
    ),
    "init_example_doc": ("id-laporan", "report-id"),
    "score_key": ("kolom YAML", "YAML key"),
    "score_indicator": ("indikator", "indicator"),
    "score_from_list": ("dari {list}:", "from {list}:"),
    "score_or": ("atau {field}", "or {field}"),
    "score_panel_key": ("panel: {id}", "panel: {id}"),
    "score_pillar_pending": (
        "TERTUNDA ({n} indikator panel belum dinilai): {low} sampai {high} / {max}",
        "PENDING ({n} panel indicators not yet scored): {low} to {high} / {max}",
    ),
    "score_pending_range": (
        "Semua pilar: {low} sampai {high} / {max}, bergantung pada {n} indikator panel yang "
        "tertunda ({points})",
        "Every pillar: {low} to {high} / {max}, depending on the {n} pending panel "
        "indicators ({points})",
    ),
}

# Display units of indicator values (fields.py writes them in Indonesian).
# Indonesian nouns do not inflect for number (1 orang, 2 orang); English
# ones do: UNITS_EN is the plural, UNITS_EN_ONE the singular for exactly 1.
UNITS_EN_ONE: dict[str, str] = {
    "orang": "person",
    "desa": "village",
    "bulan": "month",
    "regulasi": "regulation",
    "inovasi": "innovation",
    "kegiatan": "event",
    "program": "programme",
    "vendor": "vendor",
}
UNITS_EN: dict[str, str] = {
    "orang": "people",
    "desa": "villages",
    "bulan": "months",
    "regulasi": "regulations",
    "inovasi": "innovations",
    "kegiatan": "events",
    "program": "programmes",
    "vendor": "vendors",
    "per 100 pekerja": "per 100 workers",
}

# Regulation levels (scoring/fields.py, LEVELS) as words: the one table,
# for values (`Perkada`) and for ordinal rules (`Perkada 75`) alike, so a
# row never names one level two ways. Other level names are shown as written.
LEVELS: dict[str, tuple[str, str]] = {
    "perda": ("Perda/Qanun", "Perda/Qanun"),
    "perkada": ("Perkada", "Perkada"),
    "instruksi": ("Instruksi/SE/Keputusan", "Instruction/circular/decree"),
    "none": ("tidak ada", "none"),
}


def pick(table: dict[str, tuple[str, str]], lang: Lang) -> dict[str, str]:
    """A table of (Bahasa Indonesia, English) pairs in one language."""
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in table.items()}


def labels(lang: Lang) -> dict[str, str]:
    """All labels in one language."""
    return pick(LABELS, lang)


def short_labels(lang: Lang) -> dict[str, str]:
    """All labels, the short `cli_*` ones (terminal, workbook) winning,
    under their names without the prefix."""
    every = labels(lang)
    return every | {k[4:]: v for k, v in every.items() if k.startswith("cli_")}


def unit(name: str, lang: Lang, count: float | None = None) -> str:
    """A display unit in `lang`; in English singular when `count` is 1."""
    if lang != "en":
        return name
    if count == 1 and name in UNITS_EN_ONE:
        return UNITS_EN_ONE[name]
    return UNITS_EN.get(name, name)


def plural(count: float, one: str, other: str, lang: Lang) -> str:
    """`one` for exactly 1 in English, else `other`. Indonesian has one form:
    callers pass it as both."""
    return one if lang == "en" and count == 1 else other


def level(name: str, lang: Lang) -> str:
    pair = LEVELS.get(name)
    if pair is None:
        return name
    return pair[1] if lang == "en" else pair[0]
