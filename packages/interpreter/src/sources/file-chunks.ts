/** Reading a confined data file in chunks, for the file sources. */
import { DataError } from '../data-error.js';
import type { ConfinedFile } from './confinement.js';

export const CHUNK_BYTES = 1 << 20;

/** What `consume` returns to end the reading before the end of the file. */
export const STOP = -1;

/**
 * Reads the file in chunks and calls `consume(buf, start, end, eof)` with the unconsumed bytes; it
 * returns how many it consumed, or STOP. The next chunk is read while the current one is consumed,
 * into a second buffer after room for the unconsumed end of the current one, so the chunk itself
 * is never copied. Closes the file at the end. `path` names the file in errors.
 */
export async function readChunks(
    file: ConfinedFile,
    path: string,
    chunkBytes: number,
    consume: (buf: Uint8Array, start: number, end: number, eof: boolean) => number,
): Promise<void> {
    const { handle } = file;
    const room = chunkBytes;
    let current = Buffer.allocUnsafe(room + chunkBytes);
    let other = Buffer.allocUnsafe(room + chunkBytes);
    let pending: Promise<{ bytesRead: number }> = handle.read(current, room, chunkBytes, null);
    let reading = true;
    // The unconsumed bytes of the last chunk: tail[tailStart, tailEnd).
    let tail: Buffer = current;
    let tailStart = room;
    let tailEnd = room;
    try {
        for (;;) {
            const { bytesRead } = await pending;
            reading = false;
            const eof = bytesRead === 0;
            const length = tailEnd - tailStart;
            let buf = current;
            let start = room - length;
            if (length <= room) {
                tail.copy(current, start, tailStart, tailEnd);
            } else {
                // A record longer than a chunk: tail and chunk together in a buffer of their own.
                buf = Buffer.allocUnsafe(length + bytesRead);
                tail.copy(buf, 0, tailStart, tailEnd);
                current.copy(buf, length, room, room + bytesRead);
                start = 0;
            }
            const end = start + length + bytesRead;
            if (!eof) {
                pending = handle.read(other, room, chunkBytes, null);
                reading = true;
            }
            const consumed = consume(buf, start, end, eof);
            if (eof || consumed === STOP) return;
            start += consumed;
            tail = buf;
            tailStart = start;
            tailEnd = end;
            [current, other] = [other, current];
        }
    } catch (error) {
        // Only errors of the file system mean the file cannot be read; anything else is passed on.
        if (error instanceof DataError || (error as NodeJS.ErrnoException).code === undefined) throw error;
        throw unreadable(path, error);
    } finally {
        // A read still under way (the consumer threw or stopped) must finish before the file is closed.
        if (reading) await pending.catch(() => undefined);
        await handle.close();
    }
}

/** Reads the whole file as UTF-8 text and closes it. */
export async function readText(file: ConfinedFile, path: string): Promise<string> {
    try {
        return await file.handle.readFile('utf8');
    } catch (error) {
        throw unreadable(path, error);
    } finally {
        await file.handle.close();
    }
}

function unreadable(path: string, error: unknown): DataError {
    const code = (error as NodeJS.ErrnoException).code;
    return new DataError(
        path,
        0,
        0,
        'a readable data file',
        `an unreadable file (${code ?? String(error)})`,
        'Check the path in the data source declaration and the file’s permissions.',
    );
}
