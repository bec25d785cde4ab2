import { cancelJob } from '../jobs/runner';
import { useJobs } from '../jobs/useJob';
import { useAppStore } from '../store';
import { ProgressBar } from './ProgressBar';
import './jobsBar.css';

/**
 * Every running job, on every view: a job started in one view keeps its progress and Cancel
 * wherever the user goes. The view the user is on shows its own jobs itself, so they are left out.
 */
export function JobsBar() {
  const jobs = useJobs();
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const elsewhere = jobs.filter((j) => j.status === 'running' && j.view !== view);
  if (!elsewhere.length) return null;
  return (
    <aside className="jobs-bar" aria-label="Running jobs">
      {elsewhere.map((j) => (
        <div className="jobs-bar-job" key={j.key} data-testid="running-job">
          {j.view ? (
            <button type="button" className="link" onClick={() => setView(j.view!)}>
              {j.title}
            </button>
          ) : (
            <span>{j.title}</span>
          )}
          <ProgressBar
            value={j.progress?.fraction ?? 0}
            label={j.progress?.label}
            onCancel={() => cancelJob(j.key)}
          />
        </div>
      ))}
    </aside>
  );
}
