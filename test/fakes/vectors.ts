// Deterministic embedding vectors for the fake servers: characters and character pairs hashed into a
// few dimensions, L2-normalised. Unlike LangChain's SyntheticEmbeddings it keeps Chinese characters,
// so texts sharing words get nearby vectors.

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function fakeVector(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const chars = [...text.replace(/\s+/g, '')];
  chars.forEach((c, i) => {
    v[hash(c) % dimensions]! += 1;
    if (i + 1 < chars.length) v[hash(c + chars[i + 1]) % dimensions]! += 0.5;
  });
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
