/** The parse worker: file bytes in (transferred), a Dataset or a key-mapping request out. */
import { buffersIn, expose, transfer, type CallContext } from '../lib/worker-rpc';
import { parseFiles, type FileBytes, type ParseOptions } from './parseFiles';
import { bundleFileNames, parseResultsBundle } from './resultsBundleParse';

export const parseApi = {
  /** A results bundle's arrays, read and range-checked off the page's thread. */
  async parseResultsBundle(files: FileBytes[], ctx: CallContext) {
    const bundle = parseResultsBundle(files, ctx);
    return transfer(bundle, buffersIn(bundle));
  },
  /** The files a bundle's manifest names (its JSON is parsed here too). */
  async bundleFileNames(manifest: ArrayBuffer) {
    return bundleFileNames(manifest);
  },
  async parse(files: FileBytes[], opts: ParseOptions, ctx: CallContext) {
    const result = parseFiles(files, opts, ctx);
    // The worker keeps nothing of a load: the dataset's arrays go to the page uncopied.
    return transfer(result, buffersIn(result));
  },
};
export type ParseApi = typeof parseApi;

expose(parseApi);
