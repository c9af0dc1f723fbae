/** "Did you mean …?" for misspelt field names and values, including Keras' snake_case spellings. */

/** Keras keyword names that have a differently spelt Fitwatch field (beyond snake_case → camelCase). */
const KERAS_FIELD_ALIASES: Readonly<Record<string, string>> = {
  lr: 'learningRate',
  beta_1: 'beta1',
  beta_2: 'beta2',
  min_lr: 'minLr',
  restore_best_weights: 'restoreBestWeights',
};

/** Keras arguments that have no place in a spec, and why (so the user knows removing them is safe). */
const KERAS_FIELDS_NOT_NEEDED: Readonly<Record<string, string>> = {
  input_dim: 'Fitwatch takes the input size from the data, so remove it.',
  inputDim: 'Fitwatch takes the input size from the data, so remove it.',
  input_shape: 'Fitwatch takes the input size from the data, so remove it.',
  inputShape: 'Fitwatch takes the input size from the data, so remove it.',
  verbose: 'Fitwatch always shows every epoch in its panel, so remove it.',
};

/** Levenshtein distance; strings here are short field names, so the O(n·m) table is fine. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[b.length];
}

/** `learning_rate` → `learningRate`, `beta_1` → `beta1`. */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exactIgnoringCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactIgnoringCase) return exactIgnoringCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/** What to tell the user about an unknown field `name` where `allowed` are the valid ones. */
export function unknownFieldFix(name: string, allowed: readonly string[]): string {
  const notNeeded = KERAS_FIELDS_NOT_NEEDED[name];
  if (notNeeded) return `'${name}' is a Keras argument Fitwatch does not use: ${notNeeded}`;
  const keras = KERAS_FIELD_ALIASES[name] ?? snakeToCamel(name);
  if (keras !== name && allowed.includes(keras)) {
    return `Keras calls it '${name}'; a Fitwatch spec spells it '${keras}' (camelCase). Rename it to '${keras}'.`;
  }
  const near = closest(name, allowed);
  const list = `Allowed fields here: ${allowed.map((a) => `'${a}'`).join(', ')}.`;
  return near ? `Did you mean '${near}'? ${list}` : `Remove it. ${list}`;
}

/** What to tell the user about an unknown value: a known alias, a close match, and the allowed list. */
export function unknownValueFix(value: string, allowed: readonly string[], aliases: Readonly<Record<string, string>> = {}): string {
  const list = `Allowed: ${allowed.map((a) => `"${a}"`).join(', ')}.`;
  const alias = aliases[value];
  if (alias !== undefined) return `Use "${alias}" (the Fitwatch name for Keras' '${value}'). ${list}`;
  const near = closest(value, allowed) ?? closest(snakeToCamel(value), allowed);
  return near ? `Did you mean "${near}"? ${list}` : list;
}
