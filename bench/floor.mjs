/**
 * The floor: the least work any evaluator must do — read the file in 1 MiB chunks and count newlines.
 *
 * Usage (as the measured child process): node bench/floor.mjs FILE  → prints the newline count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export function countNewlines(file) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const fd = fs.openSync(file, 'r');
    let newlines = 0;
    try {
        for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) {
            const chunk = read === CHUNK_BYTES ? buffer : buffer.subarray(0, read);
            for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
        }
    } finally {
        fs.closeSync(fd);
    }
    return newlines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
    process.stdout.write(`${countNewlines(process.argv[2])}\n`);
}
