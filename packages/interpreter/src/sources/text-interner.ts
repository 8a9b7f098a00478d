import type { TextSource } from './csv-fast-path.js';

/**
 * Decodes text fields, reusing the string of a byte sequence seen before: columns such as a
 * service name or a region repeat a few values millions of times. An open-addressing table keyed
 * by the bytes' hash, with the bytes of every value in one pool; past MAX_INTERNED distinct values,
 * new ones are decoded without keeping them.
 */
export class TextInterner implements TextSource {
    /** Per table entry: the value's id (-1: empty) and hash. */
    private idAt = new Int32Array(64).fill(-1);
    private hashAt = new Int32Array(64);
    /** Per id: its text and where its bytes are in the pool. */
    private readonly texts: string[] = [];
    offsets = new Int32Array(64);
    lengths = new Int32Array(64);
    pool = new Uint8Array(1024);
    private poolUsed = 0;
    /** The id of the value last returned by `text`, or -1 when it was not interned. */
    lastId = -1;
    /**
     * The interned values as a byte trie, so that the CSV fast path finds a value's id while it
     * scans the field: `trie[state * 256 + byte]` is the next state (0 is the root, -1 none) and
     * `idOfState[state]` the id of the value ending there (-1 none).
     */
    trie = new Int32Array(16 * 256).fill(-1);
    idOfState = new Int32Array(16).fill(-1);
    private states = 1;

    textOf(id: number): string {
        return this.texts[id];
    }

    text(buf: Uint8Array, start: number, end: number): string {
        const hash = hashBytes(buf, start, end);
        const mask = this.idAt.length - 1;
        let index = hash & mask;
        for (let id = this.idAt[index]; id >= 0; id = this.idAt[index]) {
            if (this.hashAt[index] === hash && this.isAt(id, buf, start, end)) {
                this.lastId = id;
                return this.texts[id];
            }
            index = (index + 1) & mask;
        }
        return this.insert(index, hash, buf, start, end);
    }

    private isAt(id: number, buf: Uint8Array, start: number, end: number): boolean {
        const length = end - start;
        if (this.lengths[id] !== length) return false;
        const pool = this.pool;
        const offset = this.offsets[id];
        for (let k = 0; k < length; k++) if (pool[offset + k] !== buf[start + k]) return false;
        return true;
    }

    private insert(index: number, hash: number, buf: Uint8Array, start: number, end: number): string {
        const text = decode(buf, start, end);
        const length = end - start;
        this.lastId =
            length <= MAX_INTERNED_BYTES && this.texts.length < MAX_INTERNED
                ? this.add(index, hash, buf, start, length, text)
                : -1;
        return text;
    }

    private add(index: number, hash: number, buf: Uint8Array, start: number, length: number, text: string): number {
        const id = this.texts.length;
        this.texts.push(text);
        if (id === this.offsets.length) {
            this.offsets = grown(this.offsets, id * 2);
            this.lengths = grown(this.lengths, id * 2);
        }
        if (this.poolUsed + length > this.pool.length) {
            const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
            pool.set(this.pool);
            this.pool = pool;
        }
        this.pool.set(buf.subarray(start, start + length), this.poolUsed);
        this.offsets[id] = this.poolUsed;
        this.lengths[id] = length;
        this.poolUsed += length;
        this.idAt[index] = id;
        this.hashAt[index] = hash;
        if (this.texts.length * 2 > this.idAt.length) this.growTable();
        this.addToTrie(buf, start, length, id);
        return id;
    }

    /** Adds the value's path; when the trie is full, values stay out of it (and are found by hash). */
    private addToTrie(buf: Uint8Array, start: number, length: number, id: number): void {
        let state = 0;
        for (let k = 0; k < length; k++) {
            const edge = state * 256 + buf[start + k];
            let next = this.trie[edge];
            if (next < 0) {
                if (this.states === MAX_TRIE_STATES) return;
                if (this.states === this.idOfState.length) this.growTrie();
                next = this.states++;
                this.trie[edge] = next;
            }
            state = next;
        }
        this.idOfState[state] = id;
    }

    private growTrie(): void {
        const trie = new Int32Array(this.trie.length * 2).fill(-1);
        trie.set(this.trie);
        this.trie = trie;
        const idOfState = new Int32Array(this.idOfState.length * 2).fill(-1);
        idOfState.set(this.idOfState);
        this.idOfState = idOfState;
    }

    private growTable(): void {
        const idAt = this.idAt;
        const hashAt = this.hashAt;
        this.idAt = new Int32Array(idAt.length * 2).fill(-1);
        this.hashAt = new Int32Array(idAt.length * 2);
        const mask = this.idAt.length - 1;
        for (let old = 0; old < idAt.length; old++) {
            if (idAt[old] < 0) continue;
            let index = hashAt[old] & mask;
            while (this.idAt[index] >= 0) index = (index + 1) & mask;
            this.idAt[index] = idAt[old];
            this.hashAt[index] = hashAt[old];
        }
    }
}

function grown(array: Int32Array, length: number) {
    const bigger = new Int32Array(length);
    bigger.set(array);
    return bigger;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MAX_INTERNED = 10_000;
const MAX_INTERNED_BYTES = 64;
/** 4096 states of 256 edges: 4 MiB at most per text column. */
const MAX_TRIE_STATES = 4096;

/** FNV-1a. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], FNV_PRIME);
    return hash;
}

function decode(buf: Uint8Array, start: number, end: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
}
