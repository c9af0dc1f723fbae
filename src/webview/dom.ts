/** A tiny element builder: the panel is small enough not to need a framework. */

/** Properties settable on a created element. */
export type Props = { className?: string; text?: string; title?: string; dataset?: Record<string, string> };

/** Create `<tag>` with props and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title) el.title = props.title;
  if (props.dataset) for (const [k, v] of Object.entries(props.dataset)) el.dataset[k] = v;
  el.append(...children);
  return el;
}

/** A button that calls `onClick`. */
export function button(label: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
  const b = h('button', { ...props, text: label });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
