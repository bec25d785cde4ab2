/** What loading a dataset dropped or ignored ("dropped 2 rows holding NaN/Inf ..."), under its name. */
export function DatasetWarnings({ warnings }: { warnings?: string[] }) {
  if (!warnings?.length) return null;
  // plain text children: the messages quote the user's file names and keys, which are never markup
  return (
    <ul className="muted dataset-warnings" aria-label="Load warnings">
      {warnings.map((w, i) => (
        <li key={i}>⚠ {w}</li>
      ))}
    </ul>
  );
}
