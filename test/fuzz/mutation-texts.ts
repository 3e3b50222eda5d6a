/** The text the mutator inserts, and the tokens it aims at. */
import { ts } from "ts-morph";

/** Tokens worth deleting more often than any other: removing them tends to leave valid code. */
export const KEYWORDISH = /^(await|async|return|break|continue|yield|const|let|var|new|void|of|in|static|export|default|[!;,]|\.\.\.)$/;
/** Inserted at a token boundary: non-ASCII in comments, strings and names, mojibake, U+2028, a no-break space. */
export const NON_ASCII = ["/* ünïcødé ✓ — 日本語 🚀 */ ", '"Grüße 🚀 𝒳" + ', "café", "/* Ã©tÃ© \uFFFD */ ", "\u2028", "\u00A0"];
export const NON_ASCII_LINE = 'const ñame = "Ωμέγα 😀";';
/** Code each rule looks for, dropped where it may or may not belong. */
export const SNIPPETS = [
  "const r1 = await load(1);\nconst r2 = await load(2);",
  "for (const item of items) {\n  await save(item);\n}",
  "for (const line of lines) out.write(line + \"\\n\");",
  "for (let i = 0; i < 1e6; i++) total += i * i;",
  "items.forEach(async (it) => {\n  await put(it);\n});",
  'const raw = require("node:fs").readFileSync(file, "utf8");',
  "for (const a of xs) for (const b of ys) if (a.id === b.id) n++;",
  "const found = list.find((u) => u.id === id);",
];

/** Where `await ` goes most of the time: before what can start its operand. */
export const AWAIT_OPERAND_START = new Set([ts.SyntaxKind.Identifier, ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.NewKeyword, ts.SyntaxKind.OpenParenToken, ts.SyntaxKind.OpenBracketToken]);
/** Where `async ` goes most of the time: before a function, an arrow's parameters or its one parameter. */
export const ASYNC_TARGET_START = new Set([ts.SyntaxKind.FunctionKeyword, ts.SyntaxKind.OpenParenToken, ts.SyntaxKind.Identifier]);
