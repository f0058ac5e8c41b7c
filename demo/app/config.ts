/**
 * Where the demo's Askless server is: `?server=ws://…` in the page URL, else the URL `npm start`
 * wrote into index.html, else ws://<this host>:3000.
 * @example
 * <AsklessProvider serverUrl={asklessServerUrl()}>…</AsklessProvider>
 */
export function asklessServerUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) return fromQuery;
  const fromPage = document.querySelector<HTMLMetaElement>('meta[name="askless-server"]')?.content;
  if (fromPage && fromPage.startsWith('ws')) return fromPage;
  return `ws://${location.hostname}:3000`;
}

/**
 * The demo user named by `?as=alice` in the page URL (handy for two tabs and for screenshots).
 * @example
 * const preselected = userFromUrl(); // 'alice' | null
 */
export function userFromUrl(): string | null {
  return new URLSearchParams(location.search).get('as');
}
