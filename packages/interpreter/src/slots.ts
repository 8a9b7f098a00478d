/**
 * Sample slots of a data source with a sample interval ("every 1 min"): slot k is the time
 * [k·interval, (k+1)·interval) since the epoch. A window's coverage counts the distinct slots that
 * have a row, so duplicate rows for one slot neither raise coverage nor count twice.
 */

/** A slot's mark: 0 no row, 1 a row (up), 2 a row marked high (down); a higher mark wins. */
export type Mark = 0 | 1 | 2;

/** Two bits per slot (has a row, marked high), in words of 32 slots, over a range that grows as rows arrive. */
export class SlotMarks {
    /** Slot number of bit 0 of word 0 (a multiple of 32). */
    private base = 0;
    private present = new Uint32Array(0);
    private high = new Uint32Array(0);
    /** Distinct slots with a row. */
    distinct = 0;
    /** Rows that fell in a slot that already had a row. */
    duplicates = 0;

    constructor(private readonly intervalMs: number) {}

    /** Marks the slot of instant `t`; returns the slot's mark before. */
    mark(t: number, mark: 1 | 2): Mark {
        return this.markSlot(Math.floor(t / this.intervalMs), mark);
    }

    /** How many slots carry exactly `mark` (1 or 2). */
    countOf(mark: 1 | 2): number {
        let n = 0;
        for (let w = 0; w < this.present.length; w++)
            n += bitCount(mark === 2 ? this.high[w] : this.present[w] & ~this.high[w]);
        return n;
    }

    mergeFrom(other: SlotMarks): void {
        this.duplicates += other.duplicates;
        for (let w = 0; w < other.present.length; w++) {
            for (let bits = other.present[w]; bits !== 0; bits &= bits - 1) {
                const bit = 31 - Math.clz32(bits & -bits);
                this.markSlot(other.base + w * 32 + bit, (other.high[w] >>> bit) & 1 ? 2 : 1);
            }
        }
    }

    private markSlot(slot: number, mark: 1 | 2): Mark {
        let offset = slot - this.base;
        if (offset < 0 || offset >= this.present.length * 32) offset = this.grow(slot);
        const w = offset >>> 5;
        const bit = 1 << (offset & 31);
        const before: Mark = this.present[w] & bit ? (this.high[w] & bit ? 2 : 1) : 0;
        if (before === 0) {
            this.distinct++;
            this.present[w] |= bit;
        } else {
            this.duplicates++;
        }
        if (mark === 2) this.high[w] |= bit;
        return before;
    }

    /** Makes room for `slot`, at least doubling; returns its offset from the new base. */
    private grow(slot: number): number {
        const wordOf = (s: number) => Math.floor(s / 32);
        if (this.present.length === 0) {
            this.base = wordOf(slot) * 32;
            this.present = new Uint32Array(4);
            this.high = new Uint32Array(4);
            return slot - this.base;
        }
        const firstWord = wordOf(this.base);
        const endWord = firstWord + this.present.length;
        const words = Math.max(
            this.present.length * 2,
            Math.max(endWord, wordOf(slot) + 1) - Math.min(firstWord, wordOf(slot)),
        );
        // Room on the side that grew, so that data running backwards does not copy on every row.
        const newFirst = slot < this.base ? endWord - words : firstWord;
        const present = new Uint32Array(words);
        const high = new Uint32Array(words);
        present.set(this.present, firstWord - newFirst);
        high.set(this.high, firstWord - newFirst);
        this.present = present;
        this.high = high;
        this.base = newFirst * 32;
        return slot - this.base;
    }
}

function bitCount(x: number): number {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
