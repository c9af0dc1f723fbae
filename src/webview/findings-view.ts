/** The coach's findings, each with its one-click fixes, and "Train again and compare". */
import type { Finding } from '../shared/findings';
import { button, h } from './dom';

/** What the findings section's buttons do. */
export interface FindingsActions {
  applyFix(finding: Finding, fixIndex: number): void;
  trainAgain(): void;
}

function epochRange(f: Finding): string {
  const a = f.epochs.start + 1;
  const b = f.epochs.end + 1;
  return a === b ? `epoch ${a}` : `epochs ${a}–${b}`;
}

/**
 * Render the list into `list`, then the what-if replay's sentences if there are any;
 * `showTrainAgain` after an apply or once the run is over. `editBlocked` (the host's reason)
 * disables Apply and Train again, and says why above them.
 */
export function renderFindings(
  list: HTMLElement,
  findings: readonly Finding[],
  actions: FindingsActions,
  showTrainAgain: boolean,
  whatIf: readonly string[] = [],
  editBlocked?: string,
): void {
  list.replaceChildren();
  const hasButtons = showTrainAgain || findings.some((f) => f.fixes.length > 0);
  if (editBlocked && hasButtons)
    list.append(h('p', { className: 'fw-why-off', dataset: { off: 'edit' }, text: `Apply fix and Train again are off: ${editBlocked}` }));
  if (findings.length === 0) list.append(h('p', { className: 'fw-muted', text: 'No findings yet: the coach looks at the curves as they come in.' }));
  const ul = h('ul', { className: 'fw-findings' });
  for (const f of findings) {
    const fixes = h('div', { className: 'fw-fixes' });
    f.fixes.forEach((fix, i) => {
      const b = button(`Apply: ${fix.title}`, () => actions.applyFix(f, i), {
        className: fix.preferred ? 'fw-button' : 'fw-button fw-secondary',
        dataset: { action: 'applyFix', code: f.code, fix: String(i) },
        title: editBlocked ?? fix.rationale ?? fix.title,
      });
      b.disabled = editBlocked !== undefined;
      fixes.append(b);
    });
    ul.append(
      h(
        'li',
        { className: `fw-finding fw-sev-${f.severity}`, dataset: { code: f.code } },
        h(
          'div',
          { className: 'fw-finding-head' },
          h('span', { className: 'fw-badge', text: f.severity }),
          h('strong', { text: f.code }),
          h('span', { className: 'fw-muted', text: ` ${epochRange(f)}` }),
        ),
        h('p', { text: f.message }),
        h('p', { className: 'fw-muted fw-rule', text: f.rule }),
        fixes,
      ),
    );
  }
  if (findings.length > 0) list.append(ul);
  if (whatIf.length > 0) {
    list.append(
      h(
        'div',
        { className: 'fw-whatif' },
        h('h4', { text: 'What if (the callbacks replayed on these curves)' }),
        h('ul', {}, ...whatIf.map((s) => h('li', { text: s }))),
      ),
    );
  }
  if (showTrainAgain) {
    const again = button('Train again and compare', actions.trainAgain, {
      className: 'fw-button',
      dataset: { action: 'trainAgain' },
      title: editBlocked ?? 'Run the spec again and overlay this run.',
    });
    again.disabled = editBlocked !== undefined;
    list.append(again);
  }
}
