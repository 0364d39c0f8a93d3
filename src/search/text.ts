// Text helpers shared by indexing and answering: one normalisation for both sides, so they meet.

// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g;

/** NFKC (full-width → half-width digits and letters), control and zero-width characters removed, lower case. */
export function normalize(text: string): string {
  return text.normalize('NFKC').replace(CONTROL, '').toLowerCase();
}

/** Removes control and zero-width characters but keeps the text as written (for quoting and logging). */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** Text without any whitespace: the form in which facts and quotes are compared ("8 次" = "8次"). */
export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
export const isCjk = (ch: string): boolean => CJK.test(ch);

/** Splits normalised text into runs of CJK characters and runs of latin letters/digits. */
export function scriptRuns(text: string): { cjk: boolean; text: string }[] {
  const runs: { cjk: boolean; text: string }[] = [];
  const re = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9]+(?:\.[0-9]+)?)/g;
  for (const m of text.matchAll(re)) runs.push({ cjk: m[1] !== undefined, text: m[0] });
  return runs;
}

/**
 * Sentences as people quote them: ends at 。！？；and at line ends; a sentence keeps its closing mark.
 * Numbers like "1.5" never split because only full-width marks end a sentence.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const parts = line.match(/[^。！？；!?;]+[。！？；!?;」”’）)]*|[。！？；!?;]+/g) ?? [];
    let buf = '';
    for (const p of parts) {
      buf += p;
      // Keep a closing quote/bracket with its sentence; avoid sentences of only punctuation.
      if (/[。！？；!?;][」”’）)]*$/.test(buf) && compact(buf).length > 1) {
        out.push(buf.trim());
        buf = '';
      }
    }
    if (buf.trim()) out.push(buf.trim());
  }
  return out.filter((s) => s.length > 0);
}
