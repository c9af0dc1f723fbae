/** The overlay picker: earlier runs of the same spec, multi-select. */
import type { RunChoice } from '../shared/protocol/panel';
import { h } from './dom';

/** Fill `select` with `choices` (minus the main run) and mark `selected`. */
export function renderCompareChoices(select: HTMLSelectElement, choices: readonly RunChoice[], mainId: string, selected: readonly string[]): void {
  select.replaceChildren();
  for (const c of choices) {
    if (c.id === mainId) continue;
    const o = h('option', { text: c.label });
    o.value = c.id;
    o.selected = selected.includes(c.id);
    select.append(o);
  }
  select.disabled = select.options.length === 0;
  select.size = Math.min(6, Math.max(2, select.options.length));
}

/** The ids currently selected. */
export function selectedRunIds(select: HTMLSelectElement): string[] {
  return Array.from(select.selectedOptions, (o) => o.value);
}
