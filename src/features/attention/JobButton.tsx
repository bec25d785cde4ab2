import type { ReactNode } from 'react';
import { ProgressBar } from '../../components/ProgressBar';
import type { JobState } from './useJob';

/** A panel's Run button; while its job runs, the job's progress bar with Cancel instead. */
export function JobButton(props: {
  job: JobState;
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
