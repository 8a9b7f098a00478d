/** Entry point of the evaluation worker thread (see evaluation-thread.ts). */
import { parentPort } from 'node:worker_threads';
import { serveEvaluations } from './evaluation-thread.js';

if (!parentPort) throw new Error('evaluation-worker runs only as a worker thread');
serveEvaluations(parentPort);
