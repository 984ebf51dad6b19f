// Starts the sweep worker from the TypeScript sources under plain Node: a worker thread needs its own
// tsx registration before it can import sweep-worker.ts. (The Electron bundle uses out/main/sweep-worker.js.)
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
