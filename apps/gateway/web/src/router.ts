/** Client-side navigation over the History API, so that every step has a URL and Back works. */
export function navigate(url: string): void {
  history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * Links inside the app navigate without a reload; modified clicks (new tab, download) and links
 * outside the app (API files such as the .ics) keep the browser's behaviour.
 */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest('a');
    if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin || link.pathname.startsWith('/api/'))
      return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
}
