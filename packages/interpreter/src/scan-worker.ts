/** Entry point of the data-reading worker thread (see parallel-scan.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { runScanWorker } from './parallel-scan.js';

if (!parentPort) throw new Error('scan-worker runs only as a worker thread');
void runScanWorker(parentPort, workerData);
