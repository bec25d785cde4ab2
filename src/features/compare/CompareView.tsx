export function CompareView() {
  return <section className="panel">CompareView is being built.</section>;
}
