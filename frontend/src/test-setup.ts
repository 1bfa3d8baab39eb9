// Vitest runs in jsdom: what Mantine needs from a browser that jsdom lacks (the kiosk's crypto and
// IndexedDB tests run in Node, where there is no window).
if (typeof window !== "undefined") {
  window.matchMedia ??= ((query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => undefined, removeListener: () => undefined,
    addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}
