/* paritrana offline form: reads the values typed, checks them as the
 * validator does (scoring/validate/_common.py, candidates.py), and scores
 * them exactly as the engine does (scoring/score/exact.py), with rationals
 * of BigInt numerator and denominator: no float ever decides a threshold.
 * The criteria come from the JSON the page carries (scoring/render/
 * form_html.py, form_data). docs/form.md explains what is mirrored and how
 * the equality is tested (tests/test_form_browser.py).
 * Nothing here reaches the network. */
(function () {
  "use strict";

  // ---------------------------------------------------------------- rationals
  function babs(a) { return a < 0n ? -a : a; }
  function gcd(a, b) {
    a = babs(a); b = babs(b);
    while (b) { const t = a % b; a = b; b = t; }
    return a;
  }
  class Q {
    constructor(n, d) {
      if (d === undefined) d = 1n;
      if (d === 0n) throw new Error("division by zero");
      if (d < 0n) { n = -n; d = -d; }
      const g = gcd(n, d);
      this.n = g > 1n ? n / g : n;
      this.d = g > 1n ? d / g : d;
    }
    static of(x) { return x instanceof Q ? x : new Q(BigInt(x)); }
    // The exact value of a decimal text: "12", "-0.5", "1e-05", "1.5e+20".
    static parse(text) {
      const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(String(text).trim());
      if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) {
        throw new Error("not a decimal: " + text);
      }
      const frac = m[3] || "";
      let n = BigInt((m[2] || "0") + frac);
      let exp = (m[4] ? parseInt(m[4], 10) : 0) - frac.length;
      if (m[1] === "-") n = -n;
      return exp >= 0 ? new Q(n * 10n ** BigInt(exp)) : new Q(n, 10n ** BigInt(-exp));
    }
    // A JavaScript number as the shortest decimal that reads back as it,
    // which is Python's repr (exact.q reads a float the same way).
    static fromFloat(f) { return Q.parse(String(f)); }
    add(o) { return new Q(this.n * o.d + o.n * this.d, this.d * o.d); }
    sub(o) { return new Q(this.n * o.d - o.n * this.d, this.d * o.d); }
    mul(o) { return new Q(this.n * o.n, this.d * o.d); }
    div(o) { return new Q(this.n * o.d, this.d * o.n); }
    cmp(o) { const l = this.n * o.d, r = o.n * this.d; return l < r ? -1 : l > r ? 1 : 0; }
    lt(o) { return this.cmp(o) < 0; }
    gt(o) { return this.cmp(o) > 0; }
    ge(o) { return this.cmp(o) >= 0; }
    eq(o) { return this.n === o.n && this.d === o.d; }
    isZero() { return this.n === 0n; }
    isInt() { return this.d === 1n; }
    toString() { return this.d === 1n ? this.n.toString() : this.n + "/" + this.d; }
    // Correctly rounded enough for display and the 1e-9 comparison: 30
    // significant digits, then the number.
    toNumber() {
      const neg = this.n < 0n;
      let n = babs(this.n);
      const ip = n / this.d;
      const scale = 10n ** 30n;
      const fp = ((n % this.d) * scale) / this.d;
      const s = ip.toString() + "." + fp.toString().padStart(30, "0");
      return (neg ? -1 : 1) * Number(s);
    }
    // Half-up (away from zero) to `digits` decimals, as text with `.`:
    // Decimal(...).quantize(ROUND_HALF_UP) of scoring/render/fmt.py.
    fixed(digits) {
      const neg = this.n < 0n;
      const scale = 10n ** BigInt(digits);
      const m = babs(this.n) * scale;
      let q = m / this.d;
      if (2n * (m % this.d) >= this.d) q += 1n;
      let s = q.toString().padStart(digits + 1, "0");
      if (digits) s = s.slice(0, s.length - digits) + "." + s.slice(s.length - digits);
      return (neg && q !== 0n ? "-" : "") + s;
    }
    // The exact decimal of a rational whose denominator is 2^a 5^b (every
    // float is one), else 20 decimals.
    decimal() {
      let k = 0;
      while ((this.n * 10n ** BigInt(k)) % this.d !== 0n && k < 400) k++;
      let s = this.fixed(k < 400 ? k : 20);
      if (s.indexOf(".") >= 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
      return s;
    }
  }
  const ZERO = new Q(0n), ONE = new Q(1n), HUNDRED = new Q(100n);
  const clip = (x, lo, hi) => (x.lt(lo) ? lo : x.gt(hi) ? hi : x);
  const qmax = (xs) => xs.reduce((a, b) => (b.gt(a) ? b : a));

  // ---------------------------------------------------------------- criteria
  const DATA = JSON.parse(document.getElementById("paritrana-data").textContent);
  // Every message, in both languages, from the catalogs (form_html.py,
  // MESSAGES: the validator's own msgids where it says the same thing).
  const MSG = JSON.parse(document.getElementById("paritrana-messages").textContent);
  let lang = document.documentElement.getAttribute("data-lang") === "en" ? "en" : "id";
  // str.format of a named-placeholder message: {name} filled, {{ }} literal.
  function fill(text, vars) {
    return text.replace(/\{\{|\}\}|\{(\w+)\}/g, (all, name) => {
      if (name === undefined) return all[0];
      if (!vars || !Object.prototype.hasOwnProperty.call(vars, name)) throw new Error("message placeholder {" + name + "} not given");
      return String(vars[name]);
    });
  }
  // The message `key` in the chosen language, placeholders filled.
  function M(key, vars) {
    const text = MSG[lang][key];
    if (typeof text !== "string") throw new Error("no message " + key);
    return fill(text, vars);
  }
  // A message with a count: the form for n = 1, or for other counts.
  function MN(key, n, vars) {
    const forms = MSG[lang][key];
    if (!Array.isArray(forms)) throw new Error("no count message " + key);
    return fill(forms[n === 1 ? 0 : 1], Object.assign({ n: fmt(n) }, vars || {}));
  }
  const CAT = DATA.category;
  const FIELDS = DATA.fields;
  const EDITION = DATA.edition;
  function ruleQ(r) {
    const out = { kind: r.kind };
    if (r.kind === "linear") { out.lo = Q.parse(r.floor); out.hi = Q.parse(r.target); }
    if (r.kind === "rubric") { out.lo = Q.parse(r.min); out.hi = Q.parse(r.max); }
    if (r.kind === "bands") out.bands = r.bands.map(([s, v]) => [Q.parse(s), Q.parse(v)]);
    if (r.kind === "yesno") { out.yes = Q.parse(r.yes); out.no = Q.parse(r.no); }
    if (r.kind === "count") out.cap = Q.parse(r.cap);
    if (r.kind === "ordinal") out.levels = r.levels.map(([n, v]) => [n, Q.parse(v)]);
    return out;
  }
  const PILLARS = CAT.pillars.map((p) => ({
    id: p.id, label: p.label, weight: Q.parse(p.weight),
    indicators: p.indicators.map((i) => ({
      id: i.id, label: i.label, weight: Q.parse(i.weight), input: i.input,
      rule: ruleQ(i.rule), missing: i.missing, unit: i.unit,
    })),
  }));
  const INDICATORS = PILLARS.flatMap((p) => p.indicators);

  // ------------------------------------------------------- the exact engine
  // exact.py `_derive`: the derived value of one indicator, or null.
  function derive(ind, values) {
    const inp = ind.input, rule = ind.rule;
    const get = (name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : null);
    if (inp.kind === "panel") return null; // no panel scores in the form: pending
    if (inp.kind === "field") {
      const raw = get(inp.fields[0]);
      if (raw === null) return null;
      if (rule.kind === "yesno") return raw ? ONE : ZERO;
      if (rule.kind === "ordinal") return new Q(BigInt(rule.levels.findIndex(([n]) => n === raw)));
      return raw;
    }
    const vals = inp.fields.map(get);
    if (inp.kind === "ratio") {
      const [a, b] = vals;
      if (a !== null && b !== null && !b.isZero()) return a.div(b).mul(HUNDRED);
      return inp.fallback ? get(inp.fallback) : null;
    }
    if (inp.kind === "growth") {
      const [a, b] = vals;
      if (a === null || b === null || b.isZero()) return null;
      return a.sub(b).div(b).mul(HUNDRED);
    }
    if (inp.kind === "sum") {
      if (vals.some((v) => v === null)) return null;
      return vals.reduce((s, v) => s.add(v), ZERO);
    }
    throw new Error("unknown input " + inp.kind);
  }
  const between = (x, lo, hi) => clip(x.sub(lo).div(hi.sub(lo)), ZERO, ONE).mul(HUNDRED);
  // exact.py `apply_exact`.
  function apply(rule, x) {
    switch (rule.kind) {
      case "linear": case "rubric": return between(x, rule.lo, rule.hi);
      case "bands": {
        let score = ZERO;
        for (const [start, s] of rule.bands) if (x.ge(start)) score = s;
        return score;
      }
      case "count": return clip(x, ZERO, rule.cap).div(rule.cap).mul(HUNDRED);
      case "yesno": return x.eq(ONE) ? rule.yes : rule.no;
      case "ordinal": return rule.levels[Number(x.n)][1];
    }
    throw new Error("unknown rule " + rule.kind);
  }
  // The best score a rule can give (for what an indicator still offers).
  function best(rule) {
    switch (rule.kind) {
      case "bands": return qmax([ZERO, ...rule.bands.map((b) => b[1])]);
      case "yesno": return qmax([rule.yes, rule.no]);
      case "ordinal": return qmax(rule.levels.map((l) => l[1]));
      default: return HUNDRED;
    }
  }
  function low(rule) { return rule.kind === "rubric" ? ZERO : null; }
  const OK = "ok", MISSING = "missing", PENDING = "pending";

  // exact.py `exact_row`, one pillar at a time: scores from derived values
  // (indicator `k0` is the pillar's first); `forced` (index -> score)
  // scores an indicator as if it had that score (offers, ranges).
  function scorePillar(p, k0, derived, forced) {
    const base = [], st = [], sc = [], ind = [];
    p.indicators.forEach((i, j) => {
      const k = k0 + j;
      let s;
      if (forced && Object.prototype.hasOwnProperty.call(forced, k)) s = forced[k];
      else s = derived[k] === null ? null : apply(i.rule, derived[k]);
      sc.push(s);
      st.push(s !== null ? OK : i.rule.kind === "rubric" ? PENDING : MISSING);
      base.push(i.weight);
    });
    const shares = st.map((s, j) => s === MISSING && p.indicators[j].missing === "reweight");
    let okW = ZERO, shared = ZERO, pendingW = ZERO;
    st.forEach((s, j) => {
      if (s === OK) okW = okW.add(base[j]);
      if (shares[j]) shared = shared.add(base[j]);
      if (s === PENDING) pendingW = pendingW.add(base[j]);
    });
    let points = ZERO;
    p.indicators.forEach((i, j) => {
      let w = st[j] === PENDING ? ZERO : base[j];
      if (okW.gt(ZERO)) {
        if (st[j] === OK) w = w.mul(okW.add(shared)).div(okW);
        else if (shares[j]) w = ZERO;
      }
      const pts = st[j] === OK ? sc[j].div(HUNDRED).mul(w) : ZERO;
      ind.push({ id: i.id, derived: derived[k0 + j], score: sc[j], status: st[j], weight: w, points: pts });
      points = points.add(pts);
    });
    return { id: p.id, indicators: ind, points: points, max: p.weight.sub(pendingW) };
  }
  const FIRST = [];
  PILLARS.reduce((k, p) => { FIRST.push(k); return k + p.indicators.length; }, 0);
  function scoreRow(derived, forced) {
    const pillars = PILLARS.map((p, pi) => scorePillar(p, FIRST[pi], derived, forced));
    const total = pillars.reduce((s, p) => s.add(p.points), ZERO);
    const maxTotal = pillars.reduce((s, p) => s.add(p.max), ZERO);
    return {
      indicators: pillars.flatMap((p) => p.indicators),
      pillars: pillars.map((p) => ({ id: p.id, points: p.points, max: p.max })),
      total: total, max_total: maxTotal,
    };
  }
  // rank/stages.py basis (exact.py ExactRow.basis): a stage's total and maximum.
  function stageTotals(row) {
    const pts = {}, max = {}, weight = {};
    row.pillars.forEach((p) => { pts[p.id] = p.points; max[p.id] = p.max; });
    PILLARS.forEach((p) => { weight[p.id] = p.weight; });
    const out = {};
    const own = (s) => s.pillars.reduce((a, id) => a.add(pts[id]), ZERO);
    for (const s of CAT.stages) {
      if (!s.combine.length) {
        out[s.id] = { total: own(s), max: s.pillars.reduce((a, id) => a.add(max[id]), ZERO), top: s.pillars.reduce((a, id) => a.add(weight[id]), ZERO) };
        continue;
      }
      let total = ZERO, top = ZERO;
      for (const [sid, w] of s.combine) {
        const part = sid === s.id ? s : CAT.stages.find((x) => x.id === sid);
        const full = part.pillars.reduce((a, id) => a.add(weight[id]), ZERO);
        top = top.add(Q.parse(w));
        if (full.gt(ZERO)) total = total.add(Q.parse(w).mul(own(part)).div(full));
      }
      out[s.id] = { total: total, max: null, top: top };
    }
    return out;
  }

  // ------------------------------------------- reading values as validated
  // The forms of docs/formats.md, "How values may be written", with the
  // validator's own messages (scoring/validate/_common.py, Checker._read).
  const GROUPED = /^[-+]?\d{1,3}(?:\.\d{3})+$/;
  const COMMA_GROUPED = /^[-+]?\d{1,3}(?:,\d{3})+$/;
  const DIGITS = /^[-+]?\d[\d_]*$/;
  const RUPIAH = /rp\.?\s*/i;
  const SEN = /,(?:00|-)$/;
  const PERCENT = /^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;
  const NUMERIC = /^[-+]?[\d.,_]*\d[\d.,_]*(?:[eE][-+]?\d+)?$/;
  const NOT_DECIMAL = /^[-+]?(?:0[0-7_]+|0[xXbB].*|.*:.*)$/;
  // YAML 1.1 (PyYAML's resolver): what a plain scalar is read as.
  const Y_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
  const Y_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
  const Y_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
  const Y_NULL = /^(?:~|null|Null|NULL|)$/;
  const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const CONTROLS = new RegExp(CONTROL.source, "g"); // every one, for shown()
  const ID_RE = /^[a-z0-9][a-z0-9-]*$/;

  function yamlInt(text) { // the integer PyYAML's construct_yaml_int makes
    let t = text.replace(/_/g, ""), sign = 1n;
    if (t[0] === "-") { sign = -1n; t = t.slice(1); } else if (t[0] === "+") t = t.slice(1);
    if (t === "0") return 0n;
    if (t.startsWith("0b")) return sign * BigInt("0b" + t.slice(2));
    if (t.startsWith("0x")) return sign * BigInt("0x" + t.slice(2));
    if (t[0] === "0") return sign * BigInt("0o" + t.slice(1));
    if (t.indexOf(":") >= 0) {
      let v = 0n, base = 1n;
      const parts = t.split(":").reverse();
      for (const d of parts) { v += BigInt(d) * base; base *= 60n; }
      return sign * v;
    }
    return sign * BigInt(t);
  }
  function yamlFloat(text) {
    let t = text.replace(/_/g, "");
    const low = t.toLowerCase();
    if (low.endsWith("inf")) return t[0] === "-" ? -Infinity : Infinity;
    if (low.endsWith("nan")) return NaN;
    if (t.indexOf(":") >= 0) {
      let sign = 1;
      if (t[0] === "-") { sign = -1; t = t.slice(1); } else if (t[0] === "+") t = t.slice(1);
      let v = 0, base = 1;
      for (const d of t.split(":").reverse()) { v += parseFloat(d) * base; base *= 60; }
      return sign * v;
    }
    return Number(t);
  }
  // What YAML reads a plain scalar as: {t: "null"|"bool"|"int"|"float"|"str", v}.
  function yamlRead(text) {
    if (Y_NULL.test(text)) return { t: "null", v: null };
    if (Y_BOOL.test(text)) return { t: "bool", v: /^(yes|true|on)$/i.test(text) };
    if (Y_INT.test(text)) return { t: "int", v: yamlInt(text) };
    if (Y_FLOAT.test(text)) return { t: "float", v: yamlFloat(text) };
    return { t: "str", v: text };
  }
  // messages.number: a number the validator writes into a message, the
  // current language's way (2.234 / 2,234; 1.200,5 / 1,200.5): a whole
  // number with all its digits, a float as its shortest decimal (the
  // digits of Python's repr), below 1e-9 or from 1e16 up with an exponent
  // as Python's {:g} writes it ("1e+16", "1,5e-10").
  function numberText(x) {
    if (!isFinite(x)) return isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    if (x === 0) return "0";
    const neg = x < 0;
    const a = Math.abs(x);
    const [m, e] = a.toExponential().split("e"); // the shortest digits that read back as x
    const digits = m.replace(".", "").replace(/0+$/, "") || "0";
    const exp = parseInt(e, 10);
    if (a >= 1e-9 && a < 1e16) {
      let ip, fp;
      if (exp >= 0) {
        ip = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
        fp = digits.slice(exp + 1);
      } else {
        ip = "0";
        fp = "0".repeat(-exp - 1) + digits;
      }
      return groupDigits((neg ? "-" : "") + ip + (fp ? "." + fp : ""));
    }
    const mant = digits[0] + (digits.length > 1 ? (lang === "en" ? "." : ",") + digits.slice(1) : "");
    return (neg ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  }
  // _common.fmt: a value read, written into a message (numberText); an
  // integer of 22 digits or more by its length.
  function fmt(x) {
    if (typeof x === "boolean") return String(x);
    if (typeof x === "bigint") {
      const digits = (x < 0n ? -x : x).toString();
      return digits.length >= 22 ? M("n_digits", { value: numberText(digits.length) }) : groupDigits(x.toString());
    }
    if (Number.isInteger(x) && Math.abs(x) < 1e16) return groupDigits(BigInt(x).toString());
    return numberText(x);
  }
  // _common.year_text: a year as it is written (1900, never 1.900).
  function yearText(x) {
    if (typeof x === "bigint") return (x < 0n ? -x : x) < 10n ** 16n ? x.toString() : fmt(x);
    if (Number.isInteger(x) && Math.abs(x) < 1e16) return BigInt(x).toString();
    return fmt(x);
  }
  function shown(text) { // safeyaml.shown: control characters escaped
    return text.replace(CONTROLS, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x100 ? "\\x" + code.toString(16).padStart(2, "0") : "\\u" + code.toString(16).padStart(4, "0");
    });
  }
  function describe(y, text) {
    if (y.t === "null") return M("empty");
    if (y.t === "bool") return String(y.v);
    if (y.t === "int") return fmt(y.v);
    if (y.t === "float") return fmt(y.v);
    return "'" + shown(text.slice(0, 40)) + "'" + (text.length > 40 ? "..." : "");
  }
  const MAXIMUM = { count: 1e9, money: 1e15, months: 1200, percent: 100 };
  const MAX_MAGNITUDE = 1e15;

  // Checker._read: the number written, or {error}.
  function readNumber(text, name, form, warn) {
    const y = yamlRead(text);
    if (y.t === "bool") return { none: true, y: y };
    if (y.t === "int" && NOT_DECIMAL.test(text)) {
      return { error: M("yaml_reads", { name: name, text: shown(text.slice(0, 40)), value: fmt(y.v) }) };
    }
    if (form === "percent") {
      const sign = text.endsWith("%");
      const numberText = sign ? text.slice(0, -1).trimEnd() : text;
      let number;
      if (PERCENT.test(numberText)) number = Number(numberText.replace(",", "."));
      else if (y.t === "int" || y.t === "float") number = y.t === "int" ? Number(y.v) : y.v;
      else return { none: true, y: y };
      if (!sign && /[.,]/.test(numberText) && number > 0 && number <= 1) {
        warn(M("fraction", { name: name, text: shown(text), percent: fmt(Math.round(number * 100 * 1e9) / 1e9), value: fmt(number) }));
      }
      return { value: number, y: y };
    }
    const forms = form === "money" ? M("money_forms") : form === "year" ? "2022" : M("whole_forms");
    let t = text;
    if (form === "money") {
      t = t.replace(RUPIAH, "").replace(SEN, "");
      if (!t) return { none: true, y: y };
    }
    const unit = form === "money" ? M("of_rupiah") : "";
    if (GROUPED.test(t)) return { value: BigInt(t.replace(/\./g, "").replace(/^\+/, "")), y: y };
    if (DIGITS.test(t)) {
      const digits = t.replace(/^[-+]+/, "");
      if (digits.length > 1 && digits[0] === "0") {
        return { error: M("leading_zero", { name: name, text: shown(t.slice(0, 40)), forms: forms }) };
      }
      if (digits.length > 30) return { error: M("too_many_digits", { name: name, count: fmt(digits.length) }) };
      return { value: BigInt(t.replace(/_/g, "").replace(/^\+/, "")), y: y };
    }
    if (COMMA_GROUPED.test(t)) {
      return { error: M("ambiguous_comma", { name: name, text: shown(t), forms: forms }) };
    }
    if (y.t === "float" && /e/i.test(text) && isFinite(y.v) && Number.isInteger(y.v)) return { value: y.v, y: y };
    if (NUMERIC.test(t)) {
      return { error: M("not_whole_text", { name: name, unit: unit, text: shown(t.slice(0, 40)), forms: forms }) };
    }
    return { none: true, y: y };
  }
  function hint(form) {
    if (form === "whole") return M("hint_whole", { whole_forms: M("whole_forms") });
    if (form === "money") return M("hint_money", { money_forms: M("money_forms") });
    if (form === "percent") return M("hint_percent", { percent_forms: M("percent_forms") });
    if (form === "year") return M("hint_year");
    return "";
  }
  // Checker.number: {value: Q} or {error}; {empty} for nothing written.
  function checkNumber(text, name, form, opts, warn) {
    const whole = form === "whole" || form === "money" || form === "year";
    const kind = whole ? M("a_whole_number") : M("a_number");
    const read = readNumber(text, name, form, warn);
    if (read.error) return read;
    if (read.none || (typeof read.value === "number" && !isFinite(read.value))) {
      return { error: M("not_kind", { name: name, kind: kind, value: describe(read.y, text), hint: hint(form) }) };
    }
    const show = form === "year" ? yearText : fmt; // 1900, not 1.900
    let v = read.value;
    if (whole && typeof v === "number" && !Number.isInteger(v)) {
      return { error: M("not_whole", { name: name, value: show(v), hint: hint(form) }) };
    }
    const num = typeof v === "bigint" ? Number(v) : v;
    const bounds = [];
    if (opts.minimum !== undefined && num < opts.minimum) bounds.push(">= " + show(opts.minimum));
    if (opts.maximum !== undefined && num > opts.maximum) bounds.push("<= " + show(opts.maximum));
    if (bounds.length) {
      // (" and " joins bounds untranslated, as the validator does.)
      const rule = opts.minimum !== undefined && opts.maximum !== undefined ? M("between", { minimum: show(opts.minimum), maximum: show(opts.maximum) }) : bounds.join(" and ");
      return { error: M("not_rule", { name: name, rule: rule, value: show(v) }) };
    }
    const limit = opts.limit === undefined ? MAX_MAGNITUDE : opts.limit;
    if (Math.abs(num) > limit) {
      return { error: M("over_limit", { name: name, value: show(v), limit: show(limit) }) };
    }
    // Checker.number returns float(value); exact.q reads it back exactly.
    const q = typeof v === "bigint" ? new Q(v) : Number.isInteger(v) ? new Q(BigInt(v)) : Q.fromFloat(v);
    return { value: q.isZero() ? ZERO : q };
  }
  // Checker.boolean.
  function checkBool(text, name) {
    const y = yamlRead(text);
    if (y.t === "bool") return { value: y.v };
    const word = text.trim().toLowerCase();
    if (["ya", "yes", "true"].includes(word)) return { value: true };
    if (["tidak", "no", "false"].includes(word)) return { value: false };
    return { error: M("not_bool", { name: name, value: describe(y, text) }) };
  }
  // difflib.SequenceMatcher(None, a, b).ratio() (no junk; the autojunk
  // heuristic only starts at 200 characters, longer than any name here).
  function ratio(a, b) {
    const b2j = {};
    for (let j = 0; j < b.length; j++) (b2j[b[j]] = b2j[b[j]] || []).push(j);
    function longest(alo, ahi, blo, bhi) {
      let besti = alo, bestj = blo, bestsize = 0, j2len = {};
      for (let i = alo; i < ahi; i++) {
        const next = {};
        for (const j of b2j[a[i]] || []) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = (next[j] = (j2len[j - 1] || 0) + 1);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      return [besti, bestj, bestsize];
    }
    let matched = 0;
    const queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = longest(alo, ahi, blo, bhi);
      if (!k) continue;
      matched += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    const total = a.length + b.length;
    return total ? (2 * matched) / total : 1;
  }
  // _common.suggest: " (did you mean 'x'?)" for the nearest option, or "".
  function suggest(word, options) {
    const folded = options.filter((o) => o.toLowerCase() === word.toLowerCase());
    let match = folded.length ? folded[0] : null;
    if (match === null) {
      let best = null;
      for (const o of options) {
        const r = ratio(o, word);
        if (r >= 0.6 && (best === null || r > best[0] || (r === best[0] && o > best[1]))) best = [r, o];
      }
      if (best) match = best[1];
    }
    return match === null ? "" : M("did_you_mean", { match: match });
  }
  // Checker.choice with fold.
  function checkChoice(text, options, name) {
    if (options.includes(text)) return { value: text };
    const key = text.trim().replace(/[\s_]+/g, "-").toLowerCase();
    const found = options.find((o) => o.toLowerCase() === key);
    if (found) return { value: found };
    const y = yamlRead(text);
    const hint = y.t === "str" ? suggest(text, options) : "";
    return { error: M("not_choice", { name: name, names: options.join(", "), value: describe(y, text), hint: hint }) };
  }
  // Checker.string.
  function checkString(text, name, limit) {
    if (!text.trim()) return { error: M("not_text", { name: name, value: describe(yamlRead(text), text) }) };
    if (text.length > limit) return { error: M("too_long", { name: name, count: fmt(text.length), limit: fmt(limit) }) };
    const m = CONTROL.exec(text);
    if (m) return { error: M("control", { name: name, char: shown(m[0]), number: m.index + 1, allowed: "" }) };
    return { value: text };
  }
  function checkField(name, text, warn) {
    const type = FIELDS[name].type;
    if (type === "count" || type === "months" || type === "money") {
      return checkNumber(text, name, type === "money" ? "money" : "whole", { minimum: 0, limit: MAXIMUM[type] }, warn);
    }
    if (type === "percent") return checkNumber(text, name, "percent", { minimum: 0, maximum: 100 }, warn);
    if (type === "bool") return checkBool(text, name);
    return checkChoice(text, DATA.levels, name);
  }

  // ------------------------------------------------------------- the page
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const esc = (s) => CSS.escape(s);
  // fmt.py: 2.234 / 2,234 grouping, decimal comma in Indonesian.
  function groupDigits(s) {
    const neg = s[0] === "-";
    if (neg) s = s.slice(1);
    let [ip, fp] = s.split(".");
    const sep = lang === "en" ? "," : ".";
    ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    return (neg ? "-" : "") + ip + (fp !== undefined ? (lang === "en" ? "." : ",") + fp : "");
  }
  function showPoints(q) { return q === null ? "\u2013" : groupDigits(q.fixed(2)); } // Formatter.points
  function showScore(q) { // Formatter.score: one decimal at most
    if (q === null) return "\u2013";
    let s = q.fixed(1);
    if (s.endsWith(".0")) s = s.slice(0, -2);
    if (s === "-0") s = "0";
    return groupDigits(s);
  }

  let ELS = null; // data-field -> element, rebuilt when regulation rows change
  function inputOf(key) {
    if (ELS === null) { ELS = new Map(); $$("[data-field]").forEach((el) => ELS.set(el.getAttribute("data-field"), el)); }
    return ELS.get(key) || null;
  }
  function textOf(key) { const el = inputOf(key); return el ? el.value.trim() : ""; }

  // Read the whole form: values as the validator would hold them, the
  // problems it would report, the lists as the candidate file would hold them.
  function gather() {
    const values = {}, problems = [], warnings = [], entries = {};
    const problem = (key, msg) => problems.push({ key: key, message: msg });
    const warnFor = (key) => (msg) => warnings.push({ key: key, message: msg });
    // identity
    const ident = {};
    const idText = textOf("id");
    const missingKey = (key, where) => M("missing_key", { key: key, where: where });
    if (!idText) problem("id", missingKey("id", M("in_candidate_file")));
    else if (!(ID_RE.test(idText) && idText.length <= 100)) problem("id", M("not_allowed", { name: "id", allowed: M("id_chars") + (ID_RE.test(idText) ? M("id_at_most", { max_short: fmt(100) }) : ""), value: describe(yamlRead(idText), idText) }));
    else ident.id = idText;
    const nameText = inputOf("name") ? inputOf("name").value : "";
    if (!nameText.trim()) problem("name", missingKey("name", M("in_candidate_file")));
    else { const r = checkString(nameText, "name", 200); if (r.error) problem("name", r.error); else ident.name = r.value.trim(); }
    const periodText = textOf("period");
    let period = null;
    if (!periodText) problem("period", missingKey("period", M("in_candidate_file")));
    else {
      const r = checkNumber(periodText, "period", "year", { minimum: 1900, maximum: 2100 }, warnFor("period"));
      if (r.error) problem("period", r.error);
      else { period = Number(r.value.n); ident.period = period; if (period !== EDITION) warnings.push({ key: "period", message: M("period_edition", { period: period, edition: EDITION }) }); }
    }
    const provText = inputOf("province") ? inputOf("province").value : "";
    if (provText.trim()) { const r = checkString(provText, "province", 100); if (r.error) problem("province", r.error); else ident.province = r.value.trim(); }
    // written fields
    for (const name of Object.keys(FIELDS)) {
      if (FIELDS[name].derived || !inputOf(name)) continue;
      const text = textOf(name);
      if (Y_NULL.test(text)) continue; // written empty: missing
      const r = checkField(name, text, warnFor(name));
      if (r.error) problem(name, r.error);
      else { values[name] = r.value; entries[name] = r.value; }
    }
    // lists
    let regulations = null;
    if ($('[data-list="regulations"]')) {
      const rows = $$('[data-row="regulations"]');
      const regs = [];
      rows.forEach((row, i) => {
        const get = (k) => { const el = $('[data-role="' + k + '"]', row); return el ? el.value.trim() : ""; };
        const scopes = $$("[data-scope]", row).filter((c) => c.checked).map((c) => c.getAttribute("data-scope"));
        const type = get("type"), year = get("year"), number = get("number"), title = get("title");
        if (!type && !year && !number && !title && !scopes.length) return; // an empty row
        const key = "regulations." + i;
        const reg = { scope: scopes };
        if (!type) problem(key + ".type", missingKey("type", M("in_regulation")));
        else { const r = checkChoice(type, Object.keys(DATA.regulation_level), M("regulation_type")); if (r.error) problem(key + ".type", r.error); else reg.type = r.value; }
        if (year) {
          const r = checkNumber(year, M("regulation_year"), "year", { minimum: 1900, maximum: 2100 }, warnFor(key + ".year"));
          if (r.error) problem(key + ".year", r.error);
          else { reg.year = Number(r.value.n); if (period !== null && reg.year > period) problem(key + ".year", M("year_after_period", { year: reg.year, period: period })); }
        }
        if (number) { const r = checkString(number, "number", 100); if (r.error) problem(key + ".number", r.error); else reg.number = number; }
        if (title) { const r = checkString(title, "title", 500); if (r.error) problem(key + ".title", r.error); else reg.title = title; }
        if (reg.type) regs.push(reg);
      });
      const none = $('[data-none="regulations"]');
      if (regs.length || rows.some((r) => $('[data-role="type"]', r).value.trim()) || (none && none.checked)) regulations = regs;
    }
    const lists = {};
    for (const key of ["innovations", "events"]) {
      const el = inputOf(key);
      if (!el) continue;
      const lines = el.value.split("\n").map((l) => l.trim()).filter((l) => l);
      const none = $('[data-none="' + key + '"]');
      if (!lines.length && !(none && none.checked)) { lists[key] = null; continue; }
      if (lines.length > 500) problem(key, M("too_many_items", { name: key, count: fmt(lines.length), limit: fmt(500) }));
      lines.forEach((l, i) => { const r = checkString(l, M("title_in", { key: key }), 500); if (r.error) problem(key + "." + i, r.error); });
      lists[key] = lines;
    }
    let programmes = null;
    if ($('[data-list="programmes"]')) {
      const chosen = DATA.programmes.filter((p) => { const c = inputOf("programmes." + p); return c && c.checked; });
      const none = $('[data-none="programmes"]');
      if (chosen.length || (none && none.checked)) programmes = chosen;
    }
    // candidates.py `_derive`
    const LEVEL_RANK = {};
    DATA.levels.forEach((l, i) => { LEVEL_RANK[l] = i; });
    const written_ptsp = Object.prototype.hasOwnProperty.call(values, "policy.ptsp_required");
    if (regulations !== null) {
      let bestReg = null;
      for (const r of regulations) {
        if (!r.scope.includes("dedicated")) continue;
        if (bestReg === null || LEVEL_RANK[DATA.regulation_level[r.type]] < LEVEL_RANK[DATA.regulation_level[bestReg.type]]) bestReg = r;
      }
      values["regulation.dedicated_level"] = bestReg ? DATA.regulation_level[bestReg.type] : "none";
      values["regulation.supporting_count"] = new Q(BigInt(regulations.length - (bestReg ? 1 : 0)));
      if (!written_ptsp) values["policy.ptsp_required"] = regulations.some((r) => r.scope.includes("ptsp"));
    }
    if (lists.innovations !== undefined && lists.innovations !== null) values["innovation.count"] = new Q(BigInt(lists.innovations.length));
    if (lists.events !== undefined && lists.events !== null) values["outreach.events"] = new Q(BigInt(lists.events.length));
    if (programmes !== null) values["compliance.programmes"] = new Q(BigInt(programmes.length));
    // candidates.py `_at_most`: a value above its partner
    for (const name of Object.keys(FIELDS)) {
      const spec = FIELDS[name], partner = spec.at_most;
      if (!partner || spec.over === "allowed" || !(name in entries) || !(partner in values)) continue;
      const v = values[name], lim = values[partner];
      if (!(v instanceof Q) || !(lim instanceof Q) || !v.gt(lim)) continue;
      const msg = M("exceeds", { name: name, value: fmt(v.toNumber()), partner: partner, limit: fmt(lim.toNumber()) });
      if (spec.over === "warning") warnings.push({ key: name, message: M("different_sources", { message: msg }) });
      else problem(name, msg);
    }
    return { ident: ident, values: values, entries: entries, regulations: regulations, lists: lists, programmes: programmes, problems: problems, warnings: warnings };
  }

  function evaluate(g) {
    const derived = INDICATORS.map((i) => derive(i, g.values));
    const row = scoreRow(derived);
    const pendingIdx = [];
    row.indicators.forEach((r, k) => { if (r.status === PENDING) pendingIdx.push(k); });
    const lowF = {}, highF = {};
    pendingIdx.forEach((k) => { lowF[k] = ZERO; highF[k] = best(INDICATORS[k].rule); });
    const lo = pendingIdx.length ? scoreRow(derived, lowF).total : row.total;
    const hi = pendingIdx.length ? scoreRow(derived, highF).total : row.total;
    // What each indicator still offers: rescored with its best score (only
    // its own pillar changes: weights are shared within a pillar).
    const offers = [];
    PILLARS.forEach((p, pi) => {
      p.indicators.forEach((i, j) => {
        const k = FIRST[pi] + j;
        if (row.indicators[k].status === PENDING) { offers.push(null); return; }
        const f = {}; f[k] = best(i.rule);
        const gain = scorePillar(p, FIRST[pi], derived, f).points.sub(row.pillars[pi].points);
        offers.push(gain.lt(ZERO) ? ZERO : gain);
      });
    });
    return { row: row, lo: lo, hi: hi, offers: offers, stages: stageTotals(row) };
  }

  const statusText = (s) => (s === OK ? M("status_ok") : s === PENDING ? M("status_pending") : M("status_missing"));
  let last = null;
  function setText(el, text) { if (el && el.textContent !== text) el.textContent = text; }
  function update() {
    dirty = false;
    const g = gather();
    const ev = evaluate(g);
    last = { g: g, ev: ev };
    const row = ev.row;
    row.indicators.forEach((r, k) => {
      const out = $('[data-indicator="' + esc(r.id) + '"]');
      if (!out) return;
      out.setAttribute("data-status", r.status);
      out.setAttribute("data-score", r.score === null ? "" : r.score.toString());
      out.setAttribute("data-points", r.points.toString());
      setText(out, r.status === PENDING ? "\u2026" : showScore(r.score));
      const card = out.closest(".indicator");
      if (card) card.setAttribute("data-status", r.status);
      setText($('[data-points-of="' + esc(r.id) + '"]'), (r.status === PENDING ? "\u2013" : showPoints(r.points)) + " / " + showPoints(r.status === PENDING ? INDICATORS[k].weight : r.weight));
      setText($('[data-status-of="' + esc(r.id) + '"]'), statusText(r.status));
      const offer = ev.offers[k];
      let text;
      if (r.status === PENDING) text = M("pending_offer", { points: showPoints(INDICATORS[k].weight) });
      else if (offer.isZero()) text = M("full");
      else if (r.status === MISSING) text = M("offer_missing", { points: showPoints(offer) });
      else text = M("offer", { points: showPoints(offer) });
      const o = $('[data-offer="' + esc(r.id) + '"]');
      setText(o, text);
      if (o) o.setAttribute("data-value", offer === null ? "" : offer.toString());
    });
    row.pillars.forEach((p) => {
      const el = $('[data-pillar="' + esc(p.id) + '"]');
      if (!el) return;
      el.setAttribute("data-points", p.points.toString());
      const full = PILLARS.find((x) => x.id === p.id).weight;
      let text = showPoints(p.points) + " / " + showPoints(p.max);
      if (p.max.isZero() && full.gt(ZERO)) text = M("pillar_pending", { points: showPoints(full) });
      else if (p.max.lt(full)) text += " + " + M("pillar_pending", { points: showPoints(full.sub(p.max)) });
      setText(el, text);
      setText($('[data-pillar-row="' + esc(p.id) + '"]'), text);
    });
    const tot = $("[data-total]");
    tot.setAttribute("data-value", row.total.toString());
    setText(tot, showPoints(row.total));
    setText($("[data-max-total]"), showPoints(row.max_total));
    const range = $("[data-range]");
    if (!ev.lo.eq(ev.hi)) { range.hidden = false; setText(range, M("range", { low: showPoints(ev.lo), high: showPoints(ev.hi), max: showPoints(PILLARS.reduce((s, p) => s.add(p.weight), ZERO)) })); }
    else range.hidden = true;
    for (const s of CAT.stages) {
      const el = $('[data-stage="' + esc(s.id) + '"]');
      const st = ev.stages[s.id];
      if (!el) continue;
      el.setAttribute("data-value", st.total.toString());
      setText(el, st.max === null ? showPoints(st.total) + " / " + showPoints(st.top) : showPoints(st.total) + " / " + showPoints(st.max));
    }
    // what is missing
    const miss = $("[data-missing]");
    // Missing, the most points first (what filling each in can earn).
    const missing = row.indicators
      .map((r, k) => ({ r: r, offer: ev.offers[k] }))
      .filter((x) => x.r.status === MISSING)
      .sort((x, y) => y.offer.cmp(x.offer))
      .map((x) => Object.assign({}, x.r, { offer: x.offer }));
    miss.replaceChildren();
    if (!missing.length) { const li = document.createElement("li"); li.textContent = M("no_missing"); miss.appendChild(li); }
    missing.forEach((r) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#ind-" + r.id;
      a.textContent = INDICATORS.find((i) => i.id === r.id).label[lang] + " ";
      const code = document.createElement("code");
      code.textContent = INDICATORS.find((i) => i.id === r.id).input.fields.join(", ");
      const gain = document.createElement("span");
      gain.className = "gain";
      gain.textContent = " +" + showPoints(r.offer);
      li.append(a, code, gain);
      miss.appendChild(li);
    });
    // problems, next to each input and in the summary
    $$("[data-msg-for]").forEach((el) => { el.textContent = ""; el.className = "msg"; });
    $$("[data-field]").forEach((el) => el.removeAttribute("aria-invalid"));
    const showMsg = (p, cls) => {
      const key = p.key;
      let el = $('[data-msg-for="' + esc(key) + '"]');
      if (!el) el = $('[data-msg-for="' + esc(key.split(".").slice(0, 2).join(".")) + '"]');
      if (!el) el = $('[data-msg-for="' + esc(key.split(".")[0]) + '"]');
      if (el) { el.textContent += (el.textContent ? " " : "") + p.message; el.className = "msg " + cls; }
      const input = inputOf(key);
      if (input && cls === "error") input.setAttribute("aria-invalid", "true");
    };
    g.warnings.forEach((p) => showMsg(p, "warning"));
    g.problems.forEach((p) => showMsg(p, "error"));
    const probs = $("[data-problems]");
    probs.textContent = g.problems.length ? MN("refused", g.problems.length) : M("no_problems");
    probs.className = g.problems.length ? "error" : "fine";
    return last;
  }

  // ------------------------------------------------------------- YAML out
  // A JSON string is a YAML double-quoted scalar; the characters YAML reads
  // as line breaks or a byte-order mark inside one are written as escapes.
  const q = (s) => JSON.stringify(s).replace(/[\u2028\u2029\ufeff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  function yamlValue(name, v) {
    const type = FIELDS[name].type;
    if (type === "bool") return v ? "true" : "false";
    if (type === "level") return v;
    if (type === "percent") {
      const s = v.decimal();
      // 0 < x <= 1 with decimals would be read as a fraction typed by
      // mistake (a warning): the % sign says it is meant as a percent.
      return v.gt(ZERO) && !v.gt(ONE) && !v.isInt() ? s + "%" : s;
    }
    return v.decimal();
  }
  function toYaml() {
    const g = fresh().g;
    const out = [];
    // One line each: a message holds no line break (it would end the comment).
    const comment = (text) => "# " + text.replace(/[\r\n\u0085\u2028\u2029]+/g, " ");
    out.push(comment(M("saved_by", { category: CAT.id, edition: EDITION })));
    out.push(comment(M("check_with")));
    const id = g.ident.id || "", name = g.ident.name || "";
    out.push("id: " + (id ? id : '""'));
    out.push("name: " + q(name));
    out.push("category: " + CAT.id);
    out.push("period: " + (g.ident.period !== undefined ? g.ident.period : EDITION));
    if (g.ident.province) out.push("province: " + q(g.ident.province));
    if (g.regulations !== null) {
      if (!g.regulations.length) out.push("regulations: []");
      else {
        out.push("regulations:");
        for (const r of g.regulations) {
          out.push("  - type: " + r.type);
          if (r.number !== undefined) out.push("    number: " + q(r.number));
          if (r.year !== undefined) out.push("    year: " + r.year);
          if (r.title !== undefined) out.push("    title: " + q(r.title));
          out.push("    scope: [" + r.scope.join(", ") + "]");
        }
      }
    }
    const sections = {};
    for (const name of Object.keys(FIELDS)) {
      if (!(name in g.entries)) continue;
      const [sec, key] = name.split(".");
      (sections[sec] = sections[sec] || []).push("  " + key + ": " + yamlValue(name, g.entries[name]));
    }
    for (const sec of Object.keys(sections)) { out.push(sec + ":"); out.push(...sections[sec]); }
    for (const key of ["innovations", "events"]) {
      const items = g.lists[key];
      if (items === undefined || items === null) continue;
      if (!items.length) out.push(key + ": []");
      else { out.push(key + ":"); items.forEach((s) => out.push("  - " + q(s))); }
    }
    if (g.programmes !== null) out.push("programmes: [" + g.programmes.join(", ") + "]");
    return out.join("\n") + "\n";
  }
  // The last saving's outcome, shown again in the other language on a switch.
  let saveStatus = null;
  function showSaveStatus() {
    const status = $("[data-save-status]");
    if (!status || saveStatus === null) return;
    status.textContent = M(saveStatus.key, saveStatus.vars);
    status.className = saveStatus.cls;
  }
  function save() {
    const r = update();
    if (r.g.problems.length) { saveStatus = { key: "cannot_save", vars: {}, cls: "error" }; showSaveStatus(); return null; }
    const name = (r.g.ident.id || "peserta") + ".yaml";
    const blob = new Blob([toYaml()], { type: "application/x-yaml" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    saveStatus = { key: "saved", vars: { file: name }, cls: "fine" };
    showSaveStatus();
    return name;
  }

  // ------------------------------------------------------- lists and setup
  function addRegulation() {
    const rows = $('[data-rows="regulations"]');
    const tpl = $("#tpl-regulation");
    if (!rows || !tpl) return null;
    const i = rows.children.length;
    const row = tpl.content.firstElementChild.cloneNode(true);
    row.setAttribute("data-row", "regulations");
    $$("[data-role]", row).forEach((el) => {
      const role = el.getAttribute("data-role");
      el.setAttribute("data-field", "regulations." + i + "." + role);
      el.id = "reg-" + i + "-" + role;
    });
    $$("label[data-for-role]", row).forEach((l) => l.setAttribute("for", "reg-" + i + "-" + l.getAttribute("data-for-role")));
    $$("[data-scope]", row).forEach((el) => el.setAttribute("data-field", "regulations." + i + ".scope." + el.getAttribute("data-scope")));
    $("[data-msg-row]", row).setAttribute("data-msg-for", "regulations." + i);
    $$("[data-aria]", row).forEach((el) => el.setAttribute("aria-label", M(el.getAttribute("data-aria"))));
    rows.appendChild(row);
    ELS = null;
    return row;
  }
  // The texts outside the CSS's two-language spans: attributes, the title.
  function labels() {
    $$("[data-aria]").forEach((el) => el.setAttribute("aria-label", M(el.getAttribute("data-aria"))));
    $$("[data-placeholder]").forEach((el) => el.setAttribute("placeholder", M(el.getAttribute("data-placeholder"))));
    document.title = DATA.title[lang] + " \u00b7 " + CAT.label[lang];
  }
  function setLang(l) {
    lang = l === "en" ? "en" : "id";
    document.documentElement.setAttribute("data-lang", lang);
    document.documentElement.lang = lang;
    labels();
    showSaveStatus();
    update();
  }
  function reset() {
    $$("[data-field]").forEach((el) => { if (el.type === "checkbox") el.checked = false; else el.value = ""; });
    $$("[data-none]").forEach((el) => { el.checked = false; });
    const rows = $('[data-rows="regulations"]');
    if (rows) rows.replaceChildren();
    ELS = null;
    if (inputOf("period")) inputOf("period").value = String(EDITION);
  }
  function fire(el) { el.dispatchEvent(new Event("input", { bubbles: true })); }
  // Fill the form as a person would, one input at a time, each firing its
  // input event. obj: data-field key -> text (checkbox: true/false);
  // "regulations": [{type, year, number, title, scope: [...]}] (or [] for
  // none); "innovations"/"events": list of titles ([] for none);
  // "programmes": list of names ([] for none).
  function setValues(obj) {
    reset();
    dirty = true;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (key === "regulations") {
        if (!v.length) { const n = $('[data-none="regulations"]'); n.checked = true; fire(n); }
        v.forEach((r) => {
          const row = addRegulation();
          for (const role of ["type", "year", "number", "title"]) {
            if (r[role] === undefined || r[role] === null) continue;
            const el = $('[data-role="' + role + '"]', row);
            el.value = String(r[role]); fire(el);
          }
          (r.scope || []).forEach((s) => { const c = $('[data-scope="' + esc(s) + '"]', row); c.checked = true; fire(c); });
        });
        continue;
      }
      if (key === "innovations" || key === "events") {
        if (!v.length) { const n = $('[data-none="' + key + '"]'); n.checked = true; fire(n); continue; }
        const el = inputOf(key); el.value = v.join("\n"); fire(el);
        continue;
      }
      if (key === "programmes") {
        if (!v.length) { const n = $('[data-none="programmes"]'); n.checked = true; fire(n); continue; }
        v.forEach((p) => { const c = inputOf("programmes." + p); c.checked = true; fire(c); });
        continue;
      }
      const el = inputOf(key);
      if (!el) throw new Error("no input for " + key);
      if (el.type === "checkbox") el.checked = !!v; else el.value = String(v);
      fire(el);
    }
    return fresh();
  }
  const asNum = (x) => (x === null ? null : x.toNumber());
  function result() {
    const r = fresh();
    const row = r.ev.row;
    const indicators = {}, pillars = {}, stages = {};
    row.indicators.forEach((i, k) => {
      indicators[i.id] = {
        score: asNum(i.score), points: i.points.toNumber(), weight: i.weight.toNumber(), status: i.status,
        derived: asNum(i.derived), offer: asNum(r.ev.offers[k]),
        exact: { score: i.score === null ? null : i.score.toString(), points: i.points.toString(), weight: i.weight.toString() },
      };
    });
    row.pillars.forEach((p) => { pillars[p.id] = { points: p.points.toNumber(), max: p.max.toNumber(), exact: p.points.toString() }; });
    for (const s of CAT.stages) { const st = r.ev.stages[s.id]; stages[s.id] = { total: st.total.toNumber(), max: st.max === null ? st.top.toNumber() : st.max.toNumber(), exact: st.total.toString() }; }
    return {
      indicators: indicators, pillars: pillars, stages: stages,
      total: row.total.toNumber(), max_total: row.max_total.toNumber(), exact_total: row.total.toString(),
      range: [r.ev.lo.toNumber(), r.ev.hi.toNumber()],
      problems: r.g.problems.map((p) => p.key + ": " + p.message), warnings: r.g.warnings.map((p) => p.key + ": " + p.message),
    };
  }

  // Every keystroke rescores, once: events queue one update (a microtask,
  // before the page is painted); result() and toYaml() flush it first.
  let dirty = false;
  function schedule() {
    if (dirty) return;
    dirty = true;
    queueMicrotask(() => { if (dirty) update(); });
  }
  function fresh() { if (dirty || last === null) update(); return last; }
  document.addEventListener("input", (e) => { if (e.target.closest("form")) schedule(); });
  document.addEventListener("change", (e) => { if (e.target.closest("form")) schedule(); });
  document.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-add")) { addRegulation(); update(); }
    else if (b.hasAttribute("data-remove")) { b.closest("[data-row]").remove(); renumber(); update(); }
    else if (b.hasAttribute("data-save")) save();
    else if (b.hasAttribute("data-lang-toggle")) setLang(lang === "en" ? "id" : "en");
  });
  function renumber() {
    ELS = null;
    $$('[data-row="regulations"]').forEach((row, i) => {
      $$("[data-role]", row).forEach((el) => el.setAttribute("data-field", "regulations." + i + "." + el.getAttribute("data-role")));
      $$("[data-scope]", row).forEach((el) => el.setAttribute("data-field", "regulations." + i + ".scope." + el.getAttribute("data-scope")));
      $("[data-msg-row]", row).setAttribute("data-msg-for", "regulations." + i);
    });
  }
  reset();
  update();
  window.paritrana = { setValues: setValues, result: result, toYaml: toYaml, save: save, reset: () => { reset(); return update(); }, setLang: setLang, update: update, Q: Q, fmt: fmt };
})();
