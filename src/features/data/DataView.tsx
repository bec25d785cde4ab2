export function DataView() {
  return <section className="panel">DataView is being built.</section>;
}
