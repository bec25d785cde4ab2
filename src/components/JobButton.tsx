import type { ReactNode } from 'react';
import { ProgressBar } from './ProgressBar';
import type { PanelJob } from '../jobs/useJob';

/** A panel's Run button; while its job runs, the job's progress bar with Cancel instead. */
export function JobButton(props: {
  job: Pick<PanelJob<unknown>, 'progress' | 'cancel'>;
  onRun: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const { job } = props;
  return job.progress ? (
    <ProgressBar value={job.progress.fraction} label={job.progress.label} onCancel={job.cancel} />
  ) : (
    <button className="btn primary" onClick={props.onRun} disabled={props.disabled}>
      {props.children}
    </button>
  );
}
