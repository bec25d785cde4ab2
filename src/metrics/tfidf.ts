/** Cluster labels: each cluster's most distinctive words by TF-IDF against the other clusters. */

// Common English function words: they occur in every cluster and only crowd out the content words.
const STOP_WORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out day get has him his how man ' +
    'new now old see two way who its did let put say she too use that with have this will your from ' +
    'they know want been good much some time very when come here just like long make many more only ' +
    'over such take than them well were what which their there these those then into also after ' +
    'about would could should other being between both each first most where while because before ' +
    'through during under until again further once same own few nor off above below upon since ' +
    'whose whom does doing having itself themselves himself herself yours ours may might must shall ' +
    'per via yet'
  ).split(' '),
);

/** Lower-case words (letters and digits) of `text`, without stop words and tokens under 3 characters. */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
}

export interface ClusterTerm {
  term: string;
  score: number;
}

/**
 * Top `top` terms per cluster: tf = count of the term in the cluster / tokens in the cluster,
 * idf = ln(N clusters / clusters containing the term), score = tf × idf. Terms found in every
 * cluster score 0 and are never a label; ties go to the more frequent, then the alphabetically first.
 */
export function clusterTerms(
  texts: readonly string[],
  clusterOf: ArrayLike<number>,
  nClusters: number,
  top = 3,
): ClusterTerm[][] {
  const counts = Array.from({ length: nClusters }, () => new Map<string, number>());
  const totals = new Array<number>(nClusters).fill(0);
  texts.forEach((t, i) => {
    const c = clusterOf[i];
    if (c < 0 || c >= nClusters) return;
    for (const w of tokenize(t)) {
      counts[c].set(w, (counts[c].get(w) ?? 0) + 1);
      totals[c]++;
    }
  });
  const df = new Map<string, number>();
  for (const m of counts) for (const w of m.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  return counts.map((m, c) => {
    const scored: (ClusterTerm & { count: number })[] = [];
    for (const [term, count] of m) {
      const score = (count / totals[c]) * Math.log(nClusters / df.get(term)!);
      if (score > 0) scored.push({ term, score, count });
    }
    scored.sort((a, b) => b.score - a.score || b.count - a.count || (a.term < b.term ? -1 : 1));
    return scored.slice(0, top).map(({ term, score }) => ({ term, score }));
  });
}
