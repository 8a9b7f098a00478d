/** CSV files: the header from the first record, rows through the fast path where it can and the general path otherwise. */
import { DataError } from '../data-error.js';
import type { ConfinedFile } from './confinement.js';
import { INCOMPLETE, type TypedRecordReader } from './csv-fast-path.js';
import { CsvHeaderReader, CsvRecordScanner, characterColumn, emptyCsv, fieldText } from './csv-records.js';
import { FieldDecoder } from './field-decoder.js';
import { CHUNK_BYTES, STOP, readChunks } from './file-chunks.js';
import { FileSource } from './file-source.js';
import type { FieldSpec, Row, ScanOptions, ScanResult, ScanTuning, SourceHeader } from './row-source.js';

/** The editor reads the header in chunks of this size, and gives up on a header longer than HEADER_LIMIT. */
const HEADER_CHUNK_BYTES = 4096;
const HEADER_LIMIT = 1 << 20;

export class CsvSource extends FileSource {
    async header(): Promise<SourceHeader | undefined> {
        const path = this.source.path;
        const reader = new CsvHeaderReader(path, new CsvRecordScanner(path));
        let waited = 0;
        await readChunks(await this.open(), path, HEADER_CHUNK_BYTES, (buf, from, to, eof) => {
            const pos = reader.read(buf, from, to, eof);
            waited = to - pos;
            return reader.names || waited > HEADER_LIMIT ? STOP : pos - from;
        });
        if (reader.names) return { names: reader.names, line: reader.headerLine };
        if (waited > HEADER_LIMIT) return undefined;
        throw emptyCsv(path);
    }

    async scan(
        fields: readonly FieldSpec[],
        onRow: (row: Row) => void,
        options: ScanOptions = {},
        tuning: ScanTuning = {},
    ): Promise<ScanResult> {
        const decoder = new FieldDecoder(this.source, fields, options);
        const file = await this.open();
        await scanCsv(
            file,
            this.source.path,
            decoder,
            onRow,
            tuning.chunkBytes ?? CHUNK_BYTES,
            tuning.csvFastPath ?? true,
        );
        return decoder.finish();
    }
}

async function scanCsv(
    file: ConfinedFile,
    path: string,
    decoder: FieldDecoder,
    onRow: (row: Row) => void,
    chunkBytes: number,
    fastPath: boolean,
): Promise<void> {
    const scanner = new CsvRecordScanner(path);
    const header = new CsvHeaderReader(path, scanner);
    let line = 1;
    let slotOfPosition: Int32Array | undefined;
    let fast: TypedRecordReader | undefined;
    const row = decoder.row;

    await readChunks(file, path, chunkBytes, (buf, from, to, eof) => {
        let pos = from;
        if (!slotOfPosition) {
            pos = header.read(buf, pos, to, eof);
            if (!header.names) return pos - from;
            line = header.line;
            slotOfPosition = decoder.mapHeader(header.names, header.headerLine);
            if (fastPath) fast = decoder.fastReader(slotOfPosition);
        }
        const slots = slotOfPosition;
        while (pos < to) {
            if (fast) {
                pos = fast.readRecords(buf, pos, to, line, onRow);
                line += fast.recordsRead;
                decoder.result.rowsRead += fast.recordsRead;
                if (pos >= to || (fast.stoppedBy === INCOMPLETE && !eof)) break;
            }
            const next = scanner.scan(buf, pos, to, eof, line);
            if (next < 0) break;
            const lineStart = pos;
            const recordLine = line;
            line += 1 + scanner.newlines;
            pos = next;
            const { starts, ends, count } = scanner;
            const quoted = scanner.anyQuoted ? scanner.quoted : undefined;
            if (count === 1 && ends[0] === starts[0] && !quoted) continue;
            decoder.result.rowsRead++;
            if (count !== slots.length) {
                const column = characterColumn(
                    buf,
                    lineStart,
                    count > slots.length ? starts[slots.length] : ends[count - 1],
                );
                decoder.fail(
                    new DataError(
                        path,
                        recordLine,
                        column,
                        `${slots.length} fields as in the header`,
                        `${count}`,
                        'Check for a missing or extra comma; quote fields that contain commas.',
                    ),
                );
                continue;
            }
            let ok = true;
            decoder.startRecord(buf, lineStart);
            for (let f = 0; f < count && ok; f++) {
                const slot = slots[f];
                if (slot < 0) continue;
                if (quoted?.[f]) {
                    ok = decoder.decodeText(
                        slot,
                        fieldText(buf, starts[f], ends[f], 1),
                        recordLine,
                        starts[f] - lineStart,
                    );
                } else {
                    ok = decoder.decodeBytes(slot, buf, starts[f], ends[f], recordLine, starts[f] - lineStart + 1);
                }
            }
            if (!ok) continue;
            row.line = recordLine;
            onRow(row);
        }
        return pos - from;
    });
    if (!slotOfPosition) throw emptyCsv(path);
}
