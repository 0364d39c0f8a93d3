// The shape the answer core keeps (issue 16): no file in src/answer over 200 lines, no function over 40.
// Functions are found with the TypeScript parser (declarations, methods, arrows, function expressions);
// a function's length is its span in lines, from its first line to its last.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../src/answer');
const MAX_FILE_LINES = 200;
const MAX_FUNCTION_LINES = 40;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every function of a file with its span in lines: "compose.ts:57 pickSentences 52". */
export function functionSpans(file: string): Array<{ name: string; line: number; lines: number }> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ name: string; line: number; lines: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = (node as { name?: ts.Node }).name;
      const parent = node.parent;
      const name = named?.getText(source) ?? (parent && ts.isVariableDeclaration(parent) ? parent.name.getText(source) : '(anonymous)');
      out.push({ name, line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const all = files(ROOT);
const rel = (f: string) => path.relative(ROOT, f);

describe('the shape of src/answer', () => {
  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = all.map((f) => `${rel(f)} ${fs.readFileSync(f, 'utf8').split('\n').length - 1}`).filter((s) => Number(s.split(' ')[1]) > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = all.flatMap((f) => functionSpans(f).filter((s) => s.lines > MAX_FUNCTION_LINES).map((s) => `${rel(f)}:${s.line} ${s.name} ${s.lines}`));
    expect(long).toEqual([]);
  });
});
