export function PredictView() {
  return <section className="panel">PredictView is being built.</section>;
}
