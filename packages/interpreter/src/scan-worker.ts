/** Entry point of the data-reading worker thread (see sources/reader-thread.ts). */
import { parentPort } from 'node:worker_threads';
import { serveScanJobs } from './sources/reader-thread.js';

if (!parentPort) throw new Error('scan-worker runs only as a worker thread');
serveScanJobs(parentPort);
