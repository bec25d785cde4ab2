import './progressBar.css';

/** A determinate progress bar with an optional Cancel button. */
export interface ProgressBarProps {
  /** 0..1 */
  value: number;
  label?: string;
  onCancel?: () => void;
}

export function ProgressBar({ value, label, onCancel }: ProgressBarProps) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress-bar">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label ?? 'Progress'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">
        {label ? `${label} · ` : ''}
        {pct}%
      </span>
      {onCancel && (
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
