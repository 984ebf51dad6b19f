// Starts a compiled-engine thread from the TypeScript sources under plain Node (tsx registration
// first, as for the host's run workers).
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
