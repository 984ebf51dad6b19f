// Starts a run worker from the TypeScript sources under plain Node: a worker thread needs its own
// tsx registration before it can import worker.ts. (The Electron bundle uses out/main/worker.js.)
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
