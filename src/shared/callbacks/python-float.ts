// Keras reference: the verbose messages of keras/src/callbacks/reduce_lr_on_plateau.py and early_stopping.py (keras-team/keras, Keras 3.10+).
/**
 * Python's `repr(float)`, so callback messages read exactly like Keras' f-strings
 * (`1e-05`, not JavaScript's `0.00001`; `2.0`, not `2`).
 */

/** `str(x)` for a Python float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() without an argument gives the shortest digits that round-trip, like Python's repr.
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let fixed: string;
  if (exp < 0) fixed = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) fixed = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  else fixed = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return negative ? `-${fixed}` : fixed;
}

/** Python's `f"{x:.5f}"`, which prints infinities as `inf`/`-inf` (used for "improved from inf"). */
export function pythonFixed5(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(5);
}

/**
 * How numpy prints a float32 (`str(np.float32(x))`): the shortest digits that round-trip in
 * float32, so a learning rate Keras stores as float32 reads `0.005`, not `0.004999999888241291`.
 */
export function float32Repr(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return pythonFloatRepr(f);
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(f.toPrecision(digits));
    if (Math.fround(shortest) === f) return pythonFloatRepr(shortest);
  }
  return pythonFloatRepr(f);
}
