import { forget, forgetAll } from '../jobs/persist/workspacePersist';
import { useAppStore } from '../store';
import type { StoredItem } from '../store/slices/storage';
import { ProgressBar } from './ProgressBar';
import './storedWorkspace.css';

const KIND: Record<StoredItem['kind'], string> = {
  data: 'dataset',
  model: 'model',
  checkpoints: 'checkpoint set',
  bundle: 'results bundle',
};

function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * What this browser keeps for next time (of `kinds`), the storage it takes, a forget control per
 * item and for all, the restore's progress, and storage problems in words.
 */
export function StoredWorkspace({ kinds }: { kinds: StoredItem['kind'][] }) {
  const stored = useAppStore((s) => s.stored);
  const used = useAppStore((s) => s.storageUsed);
  const quota = useAppStore((s) => s.storageQuota);
  const restoring = useAppStore((s) => s.restoring);
  const messages = useAppStore((s) => s.storageMessages);
  const dismiss = useAppStore((s) => s.dismissStorageMessage);
  const mine = stored.filter((s) => kinds.includes(s.kind));
  return (
    <section className="panel stored-workspace" aria-label="Kept in this browser">
      <h3>Kept in this browser</h3>
      {restoring && (
        <ProgressBar
          value={restoring.done / Math.max(restoring.total, 1)}
          label={`Restoring ${restoring.label} (${restoring.done + 1} of ${restoring.total})`}
        />
      )}
      {messages.map((m) => (
        <p key={m} className="error" role="alert">
          {m}{' '}
          <button type="button" className="btn" onClick={() => dismiss(m)}>
            Dismiss
          </button>
        </p>
      ))}
      <p className="muted" data-testid="storage-used">
        {used === null
          ? 'Files you load are kept here and restored when the app opens again.'
          : `${stored.length} item${stored.length === 1 ? '' : 's'} kept, ${size(used)}${quota ? ` of ${size(quota)} this browser allows` : ''}; restored when the app opens again.`}
      </p>
      {mine.length > 0 && (
        <ul className="stored-list">
          {mine.map((s) => (
            <li key={s.key} data-testid="stored-item">
              <span>{s.name}</span>{' '}
              <span className="muted">
                {KIND[s.kind]} · {size(s.bytes)}
              </span>{' '}
              <button
                type="button"
                className="btn"
                aria-label={`Forget ${s.name}`}
                onClick={() => void forget(s.key)}
              >
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      {stored.length > 0 && (
        <button type="button" className="btn" onClick={() => void forgetAll()}>
          Forget everything kept
        </button>
      )}
    </section>
  );
}
