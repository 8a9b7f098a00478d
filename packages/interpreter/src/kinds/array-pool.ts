/**
 * Value arrays of closed windows, handed to the windows that follow: the same groups need about
 * as many values each window, and reusing the arrays spares allocating and zeroing them.
 */
export const EMPTY_VALUES = new Float64Array(0);

export class ArrayPool {
    private readonly arrays: Float64Array[] = [];

    /** An array of at least `length` values (its contents are garbage). */
    take(length: number): Float64Array {
        let best = -1;
        for (let i = 0; i < this.arrays.length; i++) {
            const size = this.arrays[i].length;
            if (size >= length && (best < 0 || size < this.arrays[best].length)) best = i;
        }
        if (best < 0) return new Float64Array(length);
        const array = this.arrays[best];
        this.arrays[best] = this.arrays[this.arrays.length - 1];
        this.arrays.pop();
        return array;
    }

    give(array: Float64Array): void {
        if (array.length > 0 && this.arrays.length < MAX_POOLED_ARRAYS) this.arrays.push(array);
    }
}

const MAX_POOLED_ARRAYS = 256;
