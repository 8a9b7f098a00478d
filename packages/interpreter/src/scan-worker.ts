/** Entry point of the data-reading worker thread (see parallel-scan.ts). */
import { parentPort } from 'node:worker_threads';
import { serveScanJobs } from './parallel-scan.js';

if (!parentPort) throw new Error('scan-worker runs only as a worker thread');
serveScanJobs(parentPort);
