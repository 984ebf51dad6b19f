// What the renderer's JavaScript is made of: builds it (vite.renderer.config.ts) with source maps into a
// scratch folder (never out/renderer) and gives every byte of each .js file to the source its mapping
// segment comes from, summed per package (node_modules) or per folder of ours. A multi-line string
// (three.js's shaders) has no mappings on its inner lines: its bytes go to the segment before them.
// `(unmapped)` is generated code (Svelte's templates, the virtual modules).
//
//   node scripts/bundle-sources.mjs [OUT_DIR]      (default: a temporary folder, removed afterwards)
//   EXTRA='{"minify":false}' node scripts/bundle-sources.mjs      (build options to try, merged in)
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer } from 'source-map-js';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(process.argv[2] ?? mkdtempSync(path.join(tmpdir(), 'sgd-lab-bundle-')));
const extra = JSON.parse(process.env.EXTRA ?? '{}');
await build({
  configFile: path.join(root, 'vite.renderer.config.ts'),
  logLevel: 'warn',
  build: { outDir: out, emptyOutDir: true, sourcemap: true, ...extra },
});

/** The package of a node_modules source, else the first two folders of ours. */
function owner(source) {
  if (!source) return '(unmapped)';
  const i = source.lastIndexOf('node_modules/');
  if (i >= 0) {
    const [a, b] = source.slice(i + 'node_modules/'.length).split('/');
    return a.startsWith('@') ? `${a}/${b}` : a;
  }
  const m = /(src-renderer\/src\/[^/]+|shared\/[^/]+)/.exec(source);
  return m ? m[1] : source;
}

const totals = new Map();
const add = (k, n) => totals.set(k, (totals.get(k) ?? 0) + n);
const jsFiles = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
let all = 0;
for (const f of jsFiles) {
  const file = path.join(out, 'assets', f);
  const code = readFileSync(file, 'utf8');
  const lines = code.split('\n');
  const offsets = [0];
  for (const l of lines) offsets.push(offsets.at(-1) + Buffer.byteLength(l) + 1);
  const at = (s) =>
    offsets[s.generatedLine - 1] + Buffer.byteLength(lines[s.generatedLine - 1].slice(0, s.generatedColumn));
  const segs = [];
  new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8'))).eachMapping((s) => segs.push(s));
  segs.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
  const size = Buffer.byteLength(code);
  add('(before the first mapping)', segs.length ? at(segs[0]) : size);
  segs.forEach((s, i) => add(owner(s.source), (i + 1 < segs.length ? at(segs[i + 1]) : size) - at(s)));
  all += size;
  console.log(`${String(size).padStart(9)}  ${f}`);
}
console.log(`${String(all).padStart(9)}  all JavaScript (${jsFiles.length} files)\n`);
for (const [k, v] of [...totals].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])) {
  console.log(`${String(v).padStart(9)}  ${k}`);
}
if (!process.argv[2]) rmSync(out, { recursive: true, force: true });
