/**
 * Sample slots of a data source with a sample interval ("every 1 min"): slot k is the time
 * [k·interval, (k+1)·interval) since the epoch. A window's coverage counts the distinct slots that
 * have a row, so duplicate rows for one slot neither raise coverage nor count twice.
 */

/** Marks per slot: 0 no row; higher marks win (for probes: 1 up, 2 down). */
export class SlotMarks {
    private base = 0;
    private marks = new Uint8Array(0);
    /** Distinct slots with a mark. */
    distinct = 0;
    /** Rows that fell in a slot that already had a row. */
    duplicates = 0;

    constructor(private readonly intervalMs: number) {}

    /** Marks the slot of instant `t`; returns the slot's mark before (0 when it had no row). */
    mark(t: number, mark: number): number {
        const slot = Math.floor(t / this.intervalMs);
        let index = slot - this.base;
        if (index < 0 || index >= this.marks.length) index = this.grow(slot);
        const before = this.marks[index];
        if (before === 0) this.distinct++;
        else this.duplicates++;
        if (mark > before) this.marks[index] = mark;
        return before;
    }

    /** How many slots carry exactly `mark`. */
    countOf(mark: number): number {
        let n = 0;
        for (const m of this.marks) if (m === mark) n++;
        return n;
    }

    mergeFrom(other: SlotMarks): void {
        this.duplicates += other.duplicates;
        other.marks.forEach((m, index) => {
            if (m === 0) return;
            const slot = other.base + index;
            let i = slot - this.base;
            if (i < 0 || i >= this.marks.length) i = this.grow(slot);
            if (this.marks[i] === 0) this.distinct++;
            else this.duplicates++;
            if (m > this.marks[i]) this.marks[i] = m;
        });
    }

    /** Makes room for `slot`, doubling the array; returns its index. */
    private grow(slot: number): number {
        if (this.marks.length === 0) {
            this.base = slot;
            this.marks = new Uint8Array(64);
            return 0;
        }
        const end = this.base + this.marks.length;
        const length = Math.max(this.marks.length * 2, Math.max(end, slot + 1) - Math.min(this.base, slot));
        // Room on the side that grew, so that data running backwards does not copy on every row.
        const first = slot < this.base ? end - length : this.base;
        const marks = new Uint8Array(length);
        marks.set(this.marks, this.base - first);
        this.marks = marks;
        this.base = first;
        return slot - first;
    }
}
