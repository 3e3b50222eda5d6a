import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { REPO } from "./helpers";

type Rewrite = (text: string) => string;
const load = async (): Promise<Rewrite> => ((await import(join(REPO, "scripts", "compiler-bindings.mjs"))) as { rewriteSource: Rewrite }).rewriteSource;

describe("bundle: engine sources get the compiler directly", () => {
  it("rewires a file that only takes `ts` (and types) from ts-morph, keeping every line where it was", async () => {
    const rewrite = await load();
    const src = `import {\n  ts,\n  type SourceFile,\n} from "ts-morph";\nconst k = ts.SyntaxKind.Identifier;\nexport const f = (n: ts.Node) => ts.isIdentifier(n);\n`;
    const out = rewrite(src);
    assert.match(out, /^import \* as ts from "looplens:compiler-exports"; import \{ type SourceFile \} from "ts-morph";\n\n\n\n/);
    assert.equal(out.split("\n").length, src.split("\n").length);
    assert.match(out, new RegExp(`const k = ${ts.SyntaxKind.Identifier} /\\* SyntaxKind.Identifier \\*/;`));
    assert.match(out, /ts\.isIdentifier\(n\)/);
  });

  it("leaves ts-morph alone in a file that needs more of it, and numbers its enums all the same", async () => {
    const rewrite = await load();
    const src = `import { Project, ts } from "ts-morph";\nif (n.kind === ts.SyntaxKind.CallExpression && f & ts.NodeFlags.Const) new Project();\n`;
    const out = rewrite(src);
    assert.match(out, /^import \{ Project, ts \} from "ts-morph";/);
    assert.match(out, new RegExp(`=== ${ts.SyntaxKind.CallExpression} /\\* SyntaxKind.CallExpression \\*/ && f & ${ts.NodeFlags.Const} /`));
    assert.equal(rewrite(`import * as morph from "ts-morph";\nimport { ts } from "ts-morph";\n`), `import * as morph from "ts-morph";\nimport { ts } from "ts-morph";\n`);
    assert.equal(rewrite(`import type { ts } from "ts-morph";\n`), `import type { ts } from "ts-morph";\n`);
  });

  it("numbers the members of an enum a module reads once, and only there", async () => {
    const rewrite = await load();
    const src = `import { ts } from "ts-morph";\nconst SyntaxKind = ts.SyntaxKind;\nconst ok = n.kind === SyntaxKind.Block || n.kind === ts.SyntaxKind.Block || other.SyntaxKind.Block;\n`;
    const block = `${ts.SyntaxKind.Block} /* SyntaxKind.Block */`;
    assert.equal(rewrite(src).split("\n")[2], `const ok = n.kind === ${block} || n.kind === ${block} || other.SyntaxKind.Block;`);
    assert.equal(rewrite(`import { ts } from "ts-morph";\nconst k = SyntaxKind.Block;\n`).split("\n")[1], "const k = SyntaxKind.Block;", "without the module's own alias the name is someone else's");
  });

  it("does not read prose in a comment as an import of ts-morph", async () => {
    const rewrite = await load();
    const src = `/**\n * Uses p-map when the project would import them (or already does), else a helper.\n */\nimport { ts } from "ts-morph";\n`;
    assert.match(rewrite(src), /^\/\*\*[\s\S]*\*\/\nimport \* as ts from "looplens:compiler-exports";/);
  });
});

