/** A valid seed-like spec the error tests break one line at a time (line numbers matter: see each test). */
export const BASE = `{
  "data": { "sample": "seed" },
  "model": {
    "layers": [
      { "type": "dense", "units": 16, "activation": "relu" },
      { "type": "dense", "units": 1, "activation": "sigmoid" }
    ]
  },
  "compile": { "loss": "binaryCrossentropy", "optimizer": { "type": "adam", "learningRate": 0.01 }, "metrics": ["accuracy"] },
  "fit": { "epochs": 10, "batchSize": 200, "validationSplit": 0.2 },
  "callbacks": { "reduceLROnPlateau": { "factor": 0.5 } }
}
`;

/** BASE with `from` replaced by `to`; throws if `from` is not there, so a typo in a test cannot pass silently. */
export function broken(from: string, to: string, text = BASE): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`test setup: ${JSON.stringify(from)} is not in the base spec`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}
