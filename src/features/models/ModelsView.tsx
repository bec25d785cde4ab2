export function ModelsView() {
  return <section className="panel">ModelsView is being built.</section>;
}
