// Settings of the deployment that the pages read at run time: Django writes them as <meta> tags into
// each app's index.html (config/webapps.py), so one build serves every deployment.
export function pageSetting(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="borne:${name}"]`)?.content ?? "";
}
