import { useCallback, useEffect, useRef, useState } from 'react';

export interface JobState {
  progress: { fraction: number; label: string } | null;
  error: string | null;
  /** starts `work` (cancelling any earlier one); a cancelled job leaves no error */
  start: (
    work: (signal: AbortSignal, report: (fraction: number, label: string) => void) => Promise<void>,
  ) => void;
  cancel: () => void;
}

/** A cancellable split-wide computation with progress, one at a time per panel. */
export function useJob(): JobState {
  const [progress, setProgress] = useState<JobState['progress']>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setProgress(null);
  }, []);
  useEffect(() => cancel, [cancel]);

  const start = useCallback<JobState['start']>((work) => {
    current.current?.abort();
    const ac = new AbortController();
    current.current = ac;
    setError(null);
    setProgress({ fraction: 0, label: 'starting' });
    work(ac.signal, (fraction, label) => {
      if (!ac.signal.aborted) setProgress({ fraction, label });
    })
      .catch((e: Error) => {
        if (!ac.signal.aborted && e.name !== 'AbortError') setError(e.message);
      })
      .finally(() => {
        if (current.current === ac) {
          current.current = null;
          setProgress(null);
        }
      });
  }, []);

  return { progress, error, start, cancel };
}
