/**
 * `looplens fix --write` keeps a file's BOM and CRLF line endings, for every rule's fixes: each
 * behaviour fixture is fixed twice — as it is (LF), and converted to CRLF with a BOM — and the
 * second result must be exactly the first converted the same way: every line still ends in CRLF,
 * the BOM is still first, and no fix wrote anything else differently. Files a fix creates (the
 * worker module and its pool) follow the line endings of the file they came from, without a BOM.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RULE_IDS } from "../../server/src/engine/types";
import { runCli, tempTrees } from "../cli/helpers";

const RUNNABLE = join(__dirname, "..", "fixtures", "runnable");
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const tree = tempTrees();

const toCrlf = (text: string) => text.replace(/\r?\n/g, "\r\n");

function fixAll(files: Record<string, string | Buffer>, rule: string): { dir: string; out: Map<string, Buffer> } {
  const dir = tree(files);
  const r = runCli(["fix", "--write", "--unsafe", "--rule", rule, "."], { cwd: dir, env: { NO_COLOR: "1" } });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { dir, out: new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))])) };
}

describe("fix --write keeps BOM and CRLF", () => {
  for (const rule of RULE_IDS) {
    it(`${rule}: the CRLF+BOM copies end as the LF ones do, converted`, () => {
      const names = readdirSync(join(RUNNABLE, rule)).sort();
      const lf = Object.fromEntries(names.map((n) => [n, readFileSync(join(RUNNABLE, rule, n), "utf8")]));
      assert.ok(Object.values(lf).every((t) => !t.includes("\r")), "the fixtures are LF");
      const crlf = Object.fromEntries(names.map((n) => [n, Buffer.concat([BOM, Buffer.from(toCrlf(lf[n]))])]));

      const plain = fixAll(lf, rule);
      const marked = fixAll(crlf, rule);
      assert.deepEqual([...marked.out.keys()], [...plain.out.keys()], "the same files created");
      let changed = 0;
      for (const [name, bytes] of plain.out) {
        const got = marked.out.get(name)!;
        if (name in lf) {
          if (bytes.toString("utf8") !== lf[name]) changed++;
          assert.ok(got.subarray(0, 3).equals(BOM), `${name}: BOM kept`);
          const text = got.subarray(3).toString("utf8");
          assert.doesNotMatch(text, /(?<!\r)\n/, `${name}: no bare LF`);
          assert.equal(text, toCrlf(bytes.toString("utf8")), `${name}: the LF fix, converted`);
        } else {
          assert.ok(!got.subarray(0, 3).equals(BOM), `${name} (created): no BOM`);
          assert.equal(got.toString("utf8"), toCrlf(bytes.toString("utf8")), `${name} (created): CRLF`);
        }
      }
      assert.equal(changed, names.length, `every ${rule} fixture was fixed`);
    });
  }
});
