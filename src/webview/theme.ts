/**
 * Canvas colours come from VS Code's theme variables, read at runtime: canvases cannot use
 * `var(--…)`, and the user may switch theme while the panel is open (VS Code then swaps the
 * body class and the variables), so the view re-reads them and redraws.
 */

/** Resolved colours for drawing on canvas. */
export interface ChartTheme {
  /** blue, orange, green, purple, yellow, red: the chart-model palette order. */
  palette: string[];
  foreground: string;
  muted: string;
  grid: string;
  border: string;
  background: string;
  font: string;
  kind: 'light' | 'dark' | 'high-contrast';
}

const PALETTE_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
];
// Used only if a variable is missing (e.g. the page opened outside VS Code): Dark+ values.
const PALETTE_FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#cca700', '#f14c4c'];

function themeKind(): ChartTheme['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light')) return 'high-contrast';
  return c.contains('vscode-light') ? 'light' : 'dark';
}

/** Read the current theme's colours. */
export function readTheme(): ChartTheme {
  const styles = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => styles.getPropertyValue(name).trim() || body.getPropertyValue(name).trim() || fallback;
  const kind = themeKind();
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', kind === 'light' ? '#333333' : '#cccccc'));
  const border = v('--vscode-editorWidget-border', v('--vscode-contrastBorder', kind === 'light' ? '#c8c8c8' : '#454545'));
  return {
    palette: PALETTE_VARS.map((name, i) => v(name, PALETTE_FALLBACK[i])),
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: border,
    border,
    background: v('--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1e1e1e'),
    font: `${v('--vscode-editor-font-size', '12px').replace(/^(\d+)$/, '$1px')} ${v('--vscode-font-family', 'sans-serif')}`,
    kind,
  };
}

/** Call `onChange` whenever VS Code switches theme (body class or the root's variables change). */
export function watchTheme(onChange: () => void): MutationObserver {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return observer;
}

/** `#rrggbb`/`#rgb`/`rgb()` with an alpha, for faint raw lines and shaded ranges. */
export function withAlpha(color: string, alpha: number): string {
  const hex = color.trim().match(/^#([0-9a-f]{3,8})$/i);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const r = parseInt(h.slice(0, 2), 16);
    const g = parseInt(h.slice(2, 4), 16);
    const b = parseInt(h.slice(4, 6), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = color.match(/^rgba?\(([^,]+),([^,]+),([^,)]+)/);
  if (rgb) return `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})`;
  return color;
}
