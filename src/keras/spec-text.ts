/**
 * Renders a spec drafted from Keras (a script or a `model.to_json()` file) as commented JSONC,
 * one comment per field naming the Keras code it came from, in the layout of examples/seed.
 */

/** A JSON value with the Keras text it maps, shown as a trailing comment. */
export interface DraftField {
  key: string;
  value: unknown;
  comment?: string;
}

/** A spec drafted from Keras, before rendering. */
export interface SpecDraft {
  header: string[];
  name: string;
  data: DraftField[];
  dataComment: string;
  layers: { value: Record<string, unknown>; comment?: string }[];
  layersComment: string;
  compile: DraftField[];
  compileComment?: string;
  fit: DraftField[];
  fitComment?: string;
  callbacks: DraftField[];
  callbacksComment?: string;
}

/** One `"key": value,  // comment` line. */
function fieldLine(indent: string, f: DraftField, last: boolean): string {
  const text = `${indent}${JSON.stringify(f.key)}: ${inline(f.value)}${last ? '' : ','}`;
  return f.comment ? `${text}  // ${oneLine(f.comment)}` : text;
}

/** JSON on one line with spaces after separators, as people write small objects. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Comments must stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A `"name": { … }` block of fields. */
function block(key: string, fields: DraftField[], comment: string | undefined, last: boolean): string[] {
  const out = comment ? [`  // ${oneLine(comment)}`] : [];
  out.push(`  ${JSON.stringify(key)}: {`);
  fields.forEach((f, i) => out.push(fieldLine('    ', f, i === fields.length - 1)));
  out.push(`  }${last ? '' : ','}`);
  return out;
}

/** The spec text, ready to write to a `*.fitwatch.json` file. */
export function renderSpecDraft(d: SpecDraft): string {
  const lines = [...d.header.map((h) => `// ${oneLine(h)}`), '{', `  "name": ${JSON.stringify(d.name)},`, ''];
  lines.push(...block('data', d.data, d.dataComment, false), '');
  lines.push(`  // ${oneLine(d.layersComment)}`, '  "model": {', '    "layers": [');
  d.layers.forEach((l, i) => {
    if (l.comment) lines.push(`      // ${oneLine(l.comment)}`);
    lines.push(`      ${inline(l.value)}${i === d.layers.length - 1 ? '' : ','}`);
  });
  lines.push('    ]', '  },', '');
  const rest: [string, DraftField[], string | undefined][] = [
    ['compile', d.compile, d.compileComment],
    ['fit', d.fit, d.fitComment],
    ['callbacks', d.callbacks, d.callbacksComment],
  ];
  // compile is always there (it holds the loss), so the model block never ends the object.
  const present = rest.filter(([, fields]) => fields.length > 0);
  present.forEach(([key, fields, comment], i) => {
    lines.push(...block(key, fields, comment, i === present.length - 1));
    if (i < present.length - 1) lines.push('');
  });
  lines.push('}', '');
  return lines.join('\n');
}
