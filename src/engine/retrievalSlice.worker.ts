/** Worker holding one slice of each bank for the rank kernel; started by retrievalPool.ts. */
import { expose } from '../lib/worker-rpc';
import { sliceApi } from './retrievalSliceApi';

expose(sliceApi());
