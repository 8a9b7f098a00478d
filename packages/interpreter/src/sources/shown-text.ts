/**
 * Text from data files as messages and reports may show it: short, with control characters and
 * bidirectional overrides escaped, so that a value can neither carry a file's contents into a
 * CI log nor rewrite the terminal or the page it is shown on.
 */

const MAX_VALUE_CHARS = 40;
const MAX_NAMES = 10;

// Control characters (C0, DEL, C1) and the marks and overrides that reorder text on screen.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with unsafe characters escaped (`\n`, `\u0007`), cut to `max` characters with "...". */
export function shownText(text: string, max = MAX_VALUE_CHARS): string {
    const escaped = text.replace(
        UNSAFE,
        (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    return escaped.length > max ? escaped.slice(0, max - 3) + '...' : escaped;
}

/** `a, b, c`: at most ten names, each shown short (and put in `quote`), then how many more there are. */
export function shownNames(names: readonly string[], quote: (name: string) => string = (name) => name): string {
    const listed = names.slice(0, MAX_NAMES).map((name) => quote(shownText(name)));
    if (names.length > MAX_NAMES) listed.push(`${names.length - MAX_NAMES} more`);
    return listed.join(', ');
}
