/**
 * A large tree of small realistic files for the memory and time bench: the labelled corpus's
 * modules dealt round-robin into packages of 100 files, each copy marked with its index so no two
 * files are the same text.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";

const CORPUS = join(__dirname, "..", "fixtures", "corpus");
const FILES_PER_PACKAGE = 100;

export function buildManyFilesTree(count: number): string {
  const root = mkdtempSync(join(tmpdir(), `looplens-many-${count}-`));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "many", private: true }) + "\n");
  const sources = corpusSources();
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const dir = join(root, "packages", `pkg-${String(Math.floor(i / FILES_PER_PACKAGE)).padStart(3, "0")}`, "src");
    if (i % FILES_PER_PACKAGE === 0) mkdirSync(dir, { recursive: true });
    // After a shebang, which must stay the first line.
    const text = source.text.startsWith("#!") ? source.text.replace(/\n/, `\n// copy ${i}\n`) : `// copy ${i}\n${source.text}`;
    writeFileSync(join(dir, `module-${i}${source.ext}`), text);
  }
  return root;
}

function corpusSources(): { text: string; ext: string }[] {
  const out: { text: string; ext: string }[] = [];
  const visit = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.[cm]?[jt]s$/.test(e.name)) out.push({ text: readFileSync(p, "utf8"), ext: extname(e.name) });
    }
  };
  visit(CORPUS);
  return out;
}
