/** The empty state of a view that needs a dataset: the demo is on its way, or the URL names one not loaded. */
export function NoDataYet({ loading, datasetId }: { loading: boolean; datasetId: string }) {
  return (
    <section className="panel empty-state">
      <h2>No data yet</h2>
      <p>
        {loading
          ? 'Loading the demo dataset (Wikipedia lead sentences)… If this stays, open Data and load a stream of sentence vectors (.npy/.npz/.safetensors) with optional texts.'
          : `Dataset "${datasetId}" is not loaded. Pick one above or load it in Data.`}
      </p>
    </section>
  );
}
