/**
 * Where the demo's Askless server is: `?server=ws://…` in the page URL, else the URL `npm start`
 * wrote into index.html, else ws://<this host>:3000. `npm run start:cluster` writes three URLs
 * (one per server process): each new tab starts on the next process and keeps the others as
 * fall-backs, so tabs land on different processes.
 * @example
 * <AsklessProvider serverUrl={asklessServerUrl()}>…</AsklessProvider>
 */
export function asklessServerUrl(): string | string[] {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) return fromQuery;
  const fromPage = document.querySelector<HTMLMetaElement>('meta[name="askless-server"]')?.content;
  if (fromPage && fromPage.startsWith('ws')) {
    const urls = fromPage.split(',');
    if (urls.length === 1) return fromPage;
    const turn = Number(localStorage.getItem('askless-demo-tabs') ?? 0);
    localStorage.setItem('askless-demo-tabs', String(turn + 1));
    return urls.map((_, i) => urls[(turn + i) % urls.length]!);
  }
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
