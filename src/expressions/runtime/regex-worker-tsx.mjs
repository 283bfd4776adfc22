// Development entry of the regex worker (running from TypeScript sources under tsx or vitest, where
// there is no compiled regex-worker.js): registers tsx's loader in this thread, then loads the .ts worker.
// A real file, so the worker never starts from evaluated text.
import { register } from 'tsx/esm/api';

register();
await import('./regex-worker.ts');
