import type { Dataset } from '../../data/types';
import { modelColor } from '../../components/colors';
import { bankText, type ColumnResult } from '../../predictors/predictWindow';

/** Green for Hit@1, light green for Hit@5, grey otherwise. */
export function RankBadge({ rank }: { rank: number }) {
  if (!Number.isFinite(rank)) return null;
  const cls = rank <= 1 ? 'rank-badge hit1' : rank <= 5 ? 'rank-badge hit5' : 'rank-badge';
  const label = rank <= 1 ? 'Hit@1' : rank <= 5 ? 'Hit@5' : rank <= 10 ? 'Hit@10' : 'miss';
  return (
    <span className={cls} title={`The true next sentence ranks ${rank} in the bank`}>
      rank {rank} · {label}
    </span>
  );
}

/** One predictor's result for the current window: scores, neighbours, timing. */
export function PredictionColumn({ result, dataset }: { result: ColumnResult; dataset: Dataset }) {
  const color = modelColor(result.id);
  return (
    <article
      className="prediction-column"
      data-testid="prediction-column"
      data-model={result.id}
      style={{ borderTopColor: color }}
    >
      <header>
        <h3 style={{ color }}>
          {result.name}
          {result.kind === 'baseline' && <span className="muted"> (baseline)</span>}
        </h3>
        <RankBadge rank={result.rank} />
      </header>
      {result.error ? (
        <p className="error">{result.error}</p>
      ) : (
        <>
          <dl className="column-stats">
            <dt>cosine to target</dt>
            <dd data-testid="cosine">{result.cosine.toFixed(3)}</dd>
            <dt>target rank</dt>
            <dd data-testid="rank">{result.rank}</dd>
            <dt>latency</dt>
            <dd>
              {result.wallMs.toFixed(1)} ms <span className="muted">({result.backend})</span>
            </dd>
          </dl>
          <ol className="neighbours" aria-label={`${result.name} nearest sentences`}>
            {result.neighbours.map((nb) => (
              <li key={nb.index} className={nb.isTarget ? 'is-target' : undefined}>
                <span className="score">{nb.score.toFixed(3)}</span>
                <span className="text">
                  {nb.isTarget && <strong title="the true next sentence">✓ </strong>}
                  {bankText(dataset, nb.index)}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
