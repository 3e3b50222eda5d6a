/**
 * Seeded token- and line-level mutations of source text. A mutation holds only its kind and two
 * random draws; it finds its target in whatever text it is applied to, so a list of mutations
 * stays replayable (and shrinkable) when some of them are dropped.
 */
import { ASYNC_TARGET_START, AWAIT_OPERAND_START, KEYWORDISH, NON_ASCII, NON_ASCII_LINE, SNIPPETS } from "./mutation-texts";
import type { Rng } from "./prng";
import { lineBody, lines, tokenize, where, type Span, type Token } from "./tokens";

export const MUTATION_KINDS = [
  "delete-token",
  "duplicate-token",
  "swap-tokens",
  "delete-line",
  "duplicate-line",
  "swap-lines",
  "insert-await",
  "insert-async",
  "insert-open-brace",
  "insert-close-brace",
  "insert-semicolon",
  "insert-loop-header",
  "wrap-lines-in-loop",
  "truncate",
  "insert-crlf",
  "crlf-everywhere",
  "insert-bom",
  "insert-non-ascii",
  "insert-snippet",
  "insert-donor-lines",
  "insert-comment",
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Uniform draws in [0, 1) that pick the target (and a variant). */
  a: number;
  b: number;
  /** insert-donor-lines: the fixture file whose lines are copied in. */
  donor?: Donor;
}

export interface Donor {
  name: string;
  text: string;
}

export interface Applied {
  text: string;
  /** What the mutation did, located in the text it was applied to. */
  note: string;
}

/**
 * Relative weights: mutations that tend to keep the file parseable come up more often, because a
 * file with a syntax error is skipped by the analyser and tests only that it is skipped cleanly.
 */
const WEIGHTS: Record<MutationKind, number> = {
  "delete-token": 6,
  "duplicate-token": 3,
  "swap-tokens": 3,
  "delete-line": 12,
  "duplicate-line": 12,
  "swap-lines": 8,
  "insert-await": 12,
  "insert-async": 6,
  "insert-open-brace": 1,
  "insert-close-brace": 1,
  "insert-semicolon": 3,
  "insert-loop-header": 2,
  "wrap-lines-in-loop": 10,
  truncate: 2,
  "insert-crlf": 3,
  "crlf-everywhere": 2,
  "insert-bom": 3,
  "insert-non-ascii": 5,
  "insert-snippet": 8,
  "insert-donor-lines": 8,
  "insert-comment": 6,
};
const TOTAL_WEIGHT = MUTATION_KINDS.reduce((n, k) => n + WEIGHTS[k], 0);

export function randomMutation(rng: Rng, donors: readonly Donor[] = []): Mutation {
  let r = rng.next() * TOTAL_WEIGHT;
  let kind: MutationKind = MUTATION_KINDS[0];
  for (const k of MUTATION_KINDS) {
    kind = k;
    r -= WEIGHTS[k];
    if (r < 0) break;
  }
  if (kind === "insert-donor-lines" && donors.length) return { kind, a: rng.next(), b: rng.next(), donor: rng.pick(donors) };
  return { kind, a: rng.next(), b: rng.next() };
}

const index = (draw: number, n: number) => Math.min(n - 1, Math.floor(draw * n));
const splice = (text: string, span: Span, insert: string) => text.slice(0, span.start) + insert + text.slice(span.end);
/** Quoted for a note, invisible characters (BOM, no-break space, line separators) spelled out. */
const quote = (s: string) =>
  JSON.stringify(s.length > 40 ? s.slice(0, 40) + "…" : s).replace(/[\u007f-\u00a0\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Applies one mutation; returns undefined when the text has nothing it could target. */
export function applyMutation(text: string, m: Mutation): Applied | undefined {
  const { a, b } = m;
  switch (m.kind) {
    case "delete-token": {
      const tokens = tokenize(text);
      if (!tokens.length) return undefined;
      const keywordish = tokens.filter((t) => KEYWORDISH.test(text.slice(t.start, t.end)));
      // Half the draws aim at a keyword-ish token, when there is one.
      const pool = b < 0.5 && keywordish.length ? keywordish : tokens;
      const t = pool[index(a, pool.length)];
      return { text: splice(text, t, ""), note: `delete token ${quote(text.slice(t.start, t.end))} at ${where(text, t.start)}` };
    }
    case "duplicate-token": {
      const t = pickToken(text, a);
      if (!t) return undefined;
      const token = text.slice(t.start, t.end);
      return { text: splice(text, { start: t.end, end: t.end }, " " + token), note: `duplicate token ${quote(token)} at ${where(text, t.start)}` };
    }
    case "swap-tokens": {
      const tokens = tokenize(text);
      if (tokens.length < 2) return undefined;
      const i = index(a, tokens.length - 1);
      const [x, y] = [tokens[i], tokens[i + 1]];
      const swapped = text.slice(y.start, y.end) + text.slice(x.end, y.start) + text.slice(x.start, x.end);
      return { text: splice(text, { start: x.start, end: y.end }, swapped), note: `swap tokens ${quote(text.slice(x.start, x.end))} and ${quote(text.slice(y.start, y.end))} at ${where(text, x.start)}` };
    }
    case "delete-line": {
      const ls = lines(text);
      if (!ls.length) return undefined;
      const l = ls[index(a, ls.length)];
      return { text: splice(text, l, ""), note: `delete line ${where(text, l.start)} ${quote(lineBody(text, l))}` };
    }
    case "duplicate-line": {
      const ls = lines(text);
      if (!ls.length) return undefined;
      const l = ls[index(a, ls.length)];
      const copy = text.slice(l.start, l.end);
      const withBreak = /[\n\r\u2028\u2029]$/.test(copy) ? copy : "\n" + copy;
      return { text: splice(text, { start: l.end, end: l.end }, withBreak), note: `duplicate line ${where(text, l.start)} ${quote(lineBody(text, l))}` };
    }
    case "swap-lines": {
      const ls = lines(text);
      if (ls.length < 2) return undefined;
      const i = index(a, ls.length - 1);
      // Mostly neighbours; now and then two lines up to ten apart.
      const j = b < 0.7 ? i + 1 : Math.min(ls.length - 1, i + 1 + index(b, 10));
      const [x, y] = [ls[i], ls[j]];
      const bx = lineBody(text, x);
      const by = lineBody(text, y);
      const out = text.slice(0, x.start) + by + text.slice(x.start + bx.length, y.start) + bx + text.slice(y.start + by.length);
      return { text: out, note: `swap lines ${where(text, x.start)} and ${where(text, y.start)}` };
    }
    case "insert-await":
    case "insert-async": {
      const word = m.kind === "insert-await" ? "await " : "async ";
      const tokens = tokenize(text);
      if (!tokens.length) return undefined;
      // Mostly before tokens that can start the expression (or function) the keyword applies to.
      const fits = m.kind === "insert-await" ? AWAIT_OPERAND_START : ASYNC_TARGET_START;
      const pool = b < 0.8 ? tokens.filter((t) => fits.has(t.kind)) : tokens;
      const t = (pool.length ? pool : tokens)[index(a, (pool.length ? pool : tokens).length)];
      return { text: splice(text, { start: t.start, end: t.start }, word), note: `insert ${quote(word)} before ${quote(text.slice(t.start, t.end))} at ${where(text, t.start)}` };
    }
    case "insert-open-brace":
    case "insert-close-brace":
    case "insert-semicolon": {
      const insert = m.kind === "insert-open-brace" ? "{" : m.kind === "insert-close-brace" ? "}" : ";";
      return insertAtBoundary(text, a, insert);
    }
    case "insert-loop-header": {
      const ls = lines(text);
      const at = ls.length ? ls[index(a, ls.length)].start : 0;
      const header = `${indentAt(text, at)}for (const x of xs) {\n`;
      return { text: splice(text, { start: at, end: at }, header), note: `insert loop header before line ${where(text, at)}` };
    }
    case "wrap-lines-in-loop": {
      const ls = lines(text);
      if (!ls.length) return undefined;
      const i = index(a, ls.length);
      const j = Math.min(ls.length - 1, i + index(b, 6));
      const indent = indentAt(text, ls[i].start);
      const end = ls[j].end;
      const close = /[\n\r\u2028\u2029]$/.test(text.slice(0, end)) ? `${indent}}\n` : `\n${indent}}`;
      const out = text.slice(0, ls[i].start) + `${indent}for (const x of xs) {\n` + text.slice(ls[i].start, end) + close + text.slice(end);
      return { text: out, note: `wrap lines ${where(text, ls[i].start)}–${where(text, ls[j].start)} in a for-of loop` };
    }
    case "truncate": {
      if (!text.length) return undefined;
      const at = index(a, text.length);
      return { text: text.slice(0, at), note: `truncate at ${where(text, at)}` };
    }
    case "insert-crlf": {
      const breaks = [...text.matchAll(/(?<!\r)\n/g)].map((x) => x.index!);
      if (!breaks.length) return undefined;
      const at = breaks[index(a, breaks.length)];
      return { text: splice(text, { start: at, end: at }, "\r"), note: `CRLF for the line break at ${where(text, at)}` };
    }
    case "crlf-everywhere": {
      if (!/(?<!\r)\n/.test(text)) return undefined;
      return { text: text.replace(/\r?\n/g, "\r\n"), note: "CRLF line breaks throughout" };
    }
    case "insert-bom": {
      if (b < 0.7 || !text.length) return { text: "\uFEFF" + text, note: "BOM at the start" };
      return insertAtBoundary(text, a, "\uFEFF");
    }
    case "insert-snippet": {
      const ls = lines(text);
      const at = ls.length ? ls[index(a, ls.length)].start : 0;
      const snippet = SNIPPETS[index(b, SNIPPETS.length)];
      const indent = indentAt(text, at);
      return { text: splice(text, { start: at, end: at }, snippet.replace(/^/gm, indent) + "\n"), note: `insert snippet ${quote(snippet)} before line ${where(text, at)}` };
    }
    case "insert-donor-lines": {
      const from = m.donor ? lines(m.donor.text) : [];
      if (!m.donor || !from.length) return undefined;
      const ls = lines(text);
      const at = ls.length ? ls[index(a, ls.length)].start : 0;
      const first = index(b, from.length);
      // Up to eight lines: their count comes from the low digits of the same draw.
      const last = Math.min(from.length - 1, first + index((b * 7919) % 1, 8));
      let copied = m.donor.text.slice(from[first].start, from[last].end);
      if (!/[\n\r\u2028\u2029]$/.test(copied)) copied += "\n";
      return { text: splice(text, { start: at, end: at }, copied), note: `insert lines ${first + 1}–${last + 1} of ${m.donor.name} before line ${where(text, at)}` };
    }
    case "insert-comment": {
      // Numbered from the draw, so each comment is told apart from the file's own.
      const n = Math.floor(b * 1000);
      return insertAtBoundary(text, a, b < 0.5 ? `/* fuzz ${n} */ ` : `// fuzz ${n}\n`);
    }
    case "insert-non-ascii": {
      if (b < 0.3) {
        const ls = lines(text);
        const at = ls.length ? ls[index(a, ls.length)].start : 0;
        return { text: splice(text, { start: at, end: at }, `${indentAt(text, at)}${NON_ASCII_LINE}\n`), note: `insert line ${quote(NON_ASCII_LINE)} before ${where(text, at)}` };
      }
      return insertAtBoundary(text, a, NON_ASCII[index((b - 0.3) / 0.7, NON_ASCII.length)]);
    }
  }
}

function pickToken(text: string, draw: number): Token | undefined {
  const tokens = tokenize(text);
  return tokens.length ? tokens[index(draw, tokens.length)] : undefined;
}

/** Inserts before a token (or at the end of an empty text). */
function insertAtBoundary(text: string, draw: number, insert: string): Applied {
  const t = pickToken(text, draw);
  const at = t ? t.start : text.length;
  return { text: splice(text, { start: at, end: at }, insert), note: `insert ${quote(insert)} at ${where(text, at)}` };
}

function indentAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
}

/**
 * Applies mutations in order, skipping any with no target; returns the text, what each did, and
 * the text after each one (the versions an editor would have seen).
 */
export function applyMutations(text: string, mutations: readonly Mutation[]): { text: string; notes: string[]; steps: string[] } {
  const notes: string[] = [];
  const steps: string[] = [];
  for (const m of mutations) {
    const r = applyMutation(text, m);
    if (!r) {
      notes.push(`${m.kind}: no target`);
      continue;
    }
    text = r.text;
    notes.push(r.note);
    steps.push(text);
  }
  return { text, notes, steps };
}
