// Folds fixed by question id (FNV-1a of the id, mod n): the same question is always in the same fold, whatever
// the file's order, so figures measured on "untouched folds" stay comparable between runs and sessions.
export function foldOf(id: string, folds = 5): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}
