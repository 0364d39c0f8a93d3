// A function of a text whose results are kept, up to a bound, the oldest going first: the same report
// sentences and linked questions come up for question after question, and segmenting them again was
// most of an answer's time.
export function remembered<T>(size: number, compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = compute(text);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(text, value);
    }
    return value;
  };
}
