// Personal numbers in real formats for the privacy tests (generated, belonging to no one).

/** GB 11643 check character: what a real 18-digit resident ID ends with (X for 10). */
export function idCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** Luhn check digit, as bank cards carry. */
export function luhnDigit(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((d, i) => {
    let n = Number(d);
    if (i % 2 === 0) n *= 2;
    sum += n > 9 ? n - 9 : n;
  });
  return String((10 - (sum % 10)) % 10);
}

// A real-format ID ending in X: Qidong's area code 320681, born 1990-03-07, sequence chosen for a check of X.
export const ID_X = (() => {
  for (let seq = 100; seq < 999; seq++) {
    const body = `32068119900307${seq}`;
    if (idCheckChar(body) === 'X') return body + 'X';
  }
  throw new Error('no X check found');
})();

/** A mobile number and a Luhn-valid 19-digit bank card. */
export const MOBILE = '13912345678';
export const BANK_CARD = ((body: string) => body + luhnDigit(body))('622202123456789012');
