/** The engine's worker: loads models and runs them; see api.ts. */
import { expose } from '../lib/worker-rpc';
import { Engine } from './api';
import { getOrt } from './ort';

expose(new Engine(getOrt, self.navigator as never));
