import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { URI } from 'langium';

const HEADER_BYTES = 64 * 1024;

/** Absolute path of a data file named relative to the `.sla` document, or undefined for non-file documents. */
export function dataFilePath(documentUri: URI, declaredPath: string): string | undefined {
    return documentUri.scheme === 'file' ? path.resolve(path.dirname(documentUri.fsPath), declaredPath) : undefined;
}

/**
 * Column names from the first line of a CSV file (quoted names unquoted), or the keys of the first
 * record of an NDJSON file. Reads at most 64 KiB, so it is cheap even for very large files.
 * Undefined when the file cannot be read.
 */
export async function readColumnNames(file: string): Promise<string[] | undefined> {
    let handle;
    try {
        handle = await open(file, 'r');
        const buffer = Buffer.alloc(HEADER_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
        const firstLine = buffer
            .toString('utf8', 0, bytesRead)
            .replace(/^\uFEFF/, '')
            .split(/\r?\n/, 1)[0];
        return /\.(nd)?jsonl?$/i.test(file) ? jsonKeys(firstLine) : csvFields(firstLine);
    } catch {
        return undefined;
    } finally {
        await handle?.close();
    }
}

function jsonKeys(line: string): string[] | undefined {
    try {
        const record: unknown = JSON.parse(line.trim().replace(/^\[/, '').replace(/,$/, ''));
        return record && typeof record === 'object' ? Object.keys(record) : undefined;
    } catch {
        return undefined;
    }
}

function csvFields(line: string): string[] {
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quoted) {
            if (char === '"' && line[i + 1] === '"') {
                field += '"';
                i++;
            } else if (char === '"') quoted = false;
            else field += char;
        } else if (char === '"') quoted = true;
        else if (char === ',') {
            fields.push(field.trim());
            field = '';
        } else field += char;
    }
    fields.push(field.trim());
    return fields;
}
