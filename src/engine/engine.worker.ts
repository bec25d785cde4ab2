/** The engine's worker: loads models and runs them; see api.ts. */
import { expose } from '../lib/worker-rpc';
import { createEngineApi } from './api';
import { getOrt } from './ort';

expose(createEngineApi(getOrt, self.navigator as never));
