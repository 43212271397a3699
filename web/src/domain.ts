// CAMEO roots, quad classes and PLOVER types: names and colours.
export const CAMEO_ROOTS: Record<string, string> = {
  "01": "Make public statement",
  "02": "Appeal",
  "03": "Express intent to cooperate",
  "04": "Consult",
  "05": "Engage in diplomatic cooperation",
  "06": "Engage in material cooperation",
  "07": "Provide aid",
  "08": "Yield",
  "09": "Investigate",
  "10": "Demand",
  "11": "Disapprove",
  "12": "Reject",
  "13": "Threaten",
  "14": "Protest",
  "15": "Exhibit force posture",
  "16": "Reduce relations",
  "17": "Coerce",
  "18": "Assault",
  "19": "Fight",
  "20": "Use unconventional mass violence",
};

export const QUADS = [1, 2, 3, 4] as const;
export type Quad = (typeof QUADS)[number];
export const QUAD_NAMES: Record<number, string> = {
  1: "Verbal cooperation",
  2: "Material cooperation",
  3: "Verbal conflict",
  4: "Material conflict",
};
// Blue for cooperation, red for conflict; light for verbal, dark for material.
export const QUAD_COLOURS: Record<number, string> = { 1: "#8fbce6", 2: "#2c6fb0", 3: "#f3a05a", 4: "#b2182b" };

export const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export const POLARITIES = ["asserted", "negated"];
export const MODALITIES = ["actual", "future", "hypothetical", "question", "reported"];

export function cameoName(code: string): string {
  return CAMEO_ROOTS[code.slice(0, 2)] ?? "";
}

// The dates a period covers: "2024-01-27", "2024-W04" (ISO week) or "2024-01".
export function periodRange(period: string): [string, string] {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return [period, period];
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const y = +month[1], m = +month[2];
    return [`${period}-01`, iso(new Date(Date.UTC(y, m, 0)))];
  }
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) {
    const y = +week[1], w = +week[2];
    const jan4 = new Date(Date.UTC(y, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000 + (w - 1) * 7 * 86400000);
    return [iso(monday), iso(new Date(monday.getTime() + 6 * 86400000))];
  }
  return ["", ""];
}

// Every period from the first to the last of `periods` (sorted), so a
// timeline has no holes; more than `max` periods are left as they are.
export function fillPeriods(periods: string[], max = 4000): string[] {
  if (periods.length < 2) return periods;
  const first = periods[0], last = periods[periods.length - 1];
  const out: string[] = [];
  const day = /^\d{4}-\d{2}-\d{2}$/, month = /^\d{4}-\d{2}$/, week = /^\d{4}-W\d{2}$/;
  if (month.test(first) && month.test(last)) {
    let [y, m] = first.split("-").map(Number);
    for (let p = first; p <= last && out.length <= max; ) {
      out.push(p);
      m += 1;
      if (m > 12) (m = 1), (y += 1);
      p = `${y}-${String(m).padStart(2, "0")}`;
    }
  } else if (day.test(first) && day.test(last)) {
    for (let t = Date.parse(first + "T00:00:00Z"); out.length <= max; t += 86400000) {
      const p = new Date(t).toISOString().slice(0, 10);
      if (p > last) break;
      out.push(p);
    }
  } else if (week.test(first) && week.test(last)) {
    for (let t = Date.parse(periodRange(first)[0] + "T00:00:00Z"); out.length <= max; t += 7 * 86400000) {
      const p = isoWeek(new Date(t));
      if (p > last) break;
      out.push(p);
    }
  } else {
    return periods;
  }
  return out.length > max ? periods : out;
}

export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = (t.getUTCDay() + 6) % 7; // Monday = 0
  t.setUTCDate(t.getUTCDate() - day + 3); // the week's Thursday
  const year = t.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const firstThursday = jan4.getTime() + (3 - ((jan4.getUTCDay() + 6) % 7)) * 86400000;
  const week = 1 + Math.round((t.getTime() - firstThursday) / (7 * 86400000));
  return `${year}-W${String(week).padStart(2, "0")}`;
}
