/** "Re-run to include …" when models were added after these results were computed. */
export function missingNotice(have: { id: string }[], want: { id: string; name: string }[]) {
  const ids = new Set(have.map((h) => h.id));
  const missing = want.filter((w) => !ids.has(w.id));
  return missing.length ? (
    <p className="notice">
      Computed before {missing.map((m) => m.name).join(', ')} loaded: re-run to include{' '}
      {missing.length === 1 ? 'it' : 'them'}.
    </p>
  ) : null;
}
