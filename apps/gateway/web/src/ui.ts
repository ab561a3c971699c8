import { api, ApiError, NETWORK_FAILURE } from './api.js';
import { h, replaceChildren, type Child } from './dom.js';
import { currentLanguage, t, type MessageKey } from './i18n.js';
import { problemText } from './problem-texts.js';
import { navigate } from './router.js';

/**
 * Shows a page in <main>: the first heading names the document, and focus moves to it so that a
 * screen reader announces the new page (as a full page load would).
 */
export function showPage(main: HTMLElement, title: string, ...content: Child[]): void {
  const heading = h('h1', { tabindex: -1 }, title);
  replaceChildren(main, heading, ...content);
  main.setAttribute('aria-busy', 'false');
  document.title = `${title} – ${t('app.name')}`;
  heading.focus();
}

/** A message that screen readers announce at once. */
export function alertBox(message: string, tone: 'error' | 'success' = 'error'): HTMLElement {
  return h('div', { role: tone === 'error' ? 'alert' : 'status', class: `notice notice-${tone}` }, message);
}

/**
 * What to tell a person about a failed call, in their language: the text for the problem's code
 * (problem-texts.ts), never the English `detail`, which is meant for API users.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError && error.status === NETWORK_FAILURE) return t('error.network');
  const problem = error instanceof ApiError ? error.problem : { status: 500 };
  return t('error.generic', { detail: problemText(problem, currentLanguage()) });
}

/** A list of links, the usual way to offer one choice per line (works with keyboard and screen readers). */
export function choiceList(label: string, items: Array<{ href: string; text: string; hint?: string }>): HTMLElement {
  return h(
    'ul',
    { class: 'choices', 'aria-label': label },
    ...items.map((item) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: item.href },
          h('span', { class: 'choice-text' }, item.text),
          item.hint ? h('span', { class: 'choice-hint' }, item.hint) : null,
        ),
      ),
    ),
  );
}

/** A term/description list, for booking details. */
export function detailsList(rows: Array<[string, Child]>): HTMLElement {
  return h('dl', { class: 'details' }, ...rows.flatMap(([term, description]) => [h('dt', {}, term), h('dd', {}, description)]));
}

/** The page while its data loads: titled already, and marked busy until the content replaces it. */
export function showLoading(main: HTMLElement, title: string): void {
  showPage(main, title, h('p', { role: 'status' }, t('app.loading')));
  main.setAttribute('aria-busy', 'true');
}

let flashed: { text: string; tone: 'error' | 'success' } | undefined;

/** A message for the next page shown (after a navigation): what just happened, or why the person was sent back. */
export function flash(text: string, tone: 'error' | 'success'): void {
  flashed = { text, tone };
}

/** The flashed message as an alert, once. */
export function takeFlash(): HTMLElement | null {
  const message = flashed;
  flashed = undefined;
  return message ? alertBox(message.text, message.tone) : null;
}

/** Posts a decision, then shows the current page again with what happened (or why it failed). */
export async function postThenReload(button: HTMLButtonElement, path: string, body: object, done: string): Promise<void> {
  button.disabled = true;
  try {
    await api(path, { method: 'POST', body });
    flash(done, 'success');
  } catch (error) {
    flash(describeFailure(error), 'error');
  }
  navigate(location.pathname);
}

/**
 * A table that may be wider than a phone scrolls sideways inside its own region instead of widening
 * the page; the region is focusable so that keyboard users can scroll it, and named by the caption.
 */
export function scrollable(table: HTMLTableElement): HTMLElement {
  return h('div', { class: 'table-scroll', role: 'region', tabindex: 0, 'aria-label': table.caption?.textContent ?? '' }, table);
}

/**
 * A table of records: the caption names it (for screen readers only, unless `visibleCaption`: the
 * heading above usually says it already), one column heading per key, then the rows as given.
 */
export function dataTable(
  caption: string,
  headerKeys: readonly MessageKey[],
  rows: Node[],
  options: { visibleCaption?: boolean; class?: string } = {},
): HTMLTableElement {
  return h(
    'table',
    { class: options.class },
    h('caption', { class: options.visibleCaption ? undefined : 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headerKeys.map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, ...rows),
  );
}

/** A list's records as a table that scrolls on its own (see `scrollable`), or, when there are none, a line that says so. */
export function tableOrNone(none: string, caption: string, headerKeys: readonly MessageKey[], rows: Node[]): HTMLElement {
  return rows.length === 0 ? h('p', {}, none) : scrollable(dataTable(caption, headerKeys, rows));
}

/**
 * A table row named by its first cell (a row heading, so that each cell is read with it), then its
 * data cells; a cell given as a list holds all of it.
 */
export function recordRow(name: Child, ...cells: Array<Child | Child[]>): HTMLTableRowElement {
  return h('tr', {}, h('th', { scope: 'row' }, name), ...cells.map((cell) => h('td', {}, ...(Array.isArray(cell) ? cell : [cell]))));
}
