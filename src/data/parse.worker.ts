/** The parse worker: file bytes in (transferred), a Dataset or a key-mapping request out. */
import { buffersIn, expose, transfer, type CallContext } from '../lib/worker-rpc';
import { parseFiles, type FileBytes, type ParseOptions } from './parseFiles';

export const parseApi = {
  async parse(files: FileBytes[], opts: ParseOptions, ctx: CallContext) {
    const result = parseFiles(files, opts, ctx);
    // The worker keeps nothing of a load: the dataset's arrays go to the page uncopied.
    return transfer(result, buffersIn(result));
  },
};
export type ParseApi = typeof parseApi;

expose(parseApi);
