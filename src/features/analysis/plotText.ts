/** Text from a user's file (topics, model names) shown in plotly, which renders a subset of HTML. */

/** `<`, `>` and `&` as entities, so plotly shows them instead of reading markup. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
