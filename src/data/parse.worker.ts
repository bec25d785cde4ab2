/** The parse worker: file bytes in (transferred), a Dataset or a key-mapping request out. */
import { expose, type CallContext } from '../lib/worker-rpc';
import { parseFiles, type FileBytes, type ParseOptions } from './parseFiles';

export const parseApi = {
  async parse(files: FileBytes[], opts: ParseOptions, ctx: CallContext) {
    return parseFiles(files, opts, ctx);
  },
};
export type ParseApi = typeof parseApi;

expose(parseApi);
