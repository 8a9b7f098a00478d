/**
 * The Markdown report is published as a CI job summary and a pull-request comment. Text that comes
 * from the data (here: group names) must stay text there: rendered with a GitHub-flavoured Markdown
 * renderer (micromark with GFM, an independent implementation), it yields no link, image, HTML
 * element or mention.
 */
import { describe, expect, it } from 'vitest';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { evaluate } from '../src/evaluate.js';
import { formatMarkdownReport, markdownText } from '../src/formats/markdown.js';
import { formatTextReport } from '../src/format.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';

const HOSTILE = [
    '[click me](https://evil.example/x)',
    '![tracker](https://evil.example/pixel.png)',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '@octocat please look',
    'see #1 and owner/repo#2',
    'https://evil.example/bare and www.evil.example',
    'mail bob@evil.example',
    '**bold** _em_ `code` ~~gone~~ $x^2$',
    'pipe | breaks | table',
    '<https://evil.example/auto>',
    '[ref][1]',
];

describe('a group name with control characters', () => {
    it('is shown with them escaped in the reports, so that it cannot rewrite a terminal or a log', async () => {
        const source = dataSource(
            tempFile('t.csv', 'opened,service\n2025-03-01T10:00:00Z,"evil\u001b[2Jname\u202e"\n'),
            [column('opened', 'time'), column('service', 'text')],
            { name: 'tk' },
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [metric('Tickets', { kind: 'count', source: 'tk' }, 'count')],
                        objectives: [
                            objective({
                                name: 'Few',
                                metric: 'Tickets',
                                comparator: '<=',
                                threshold: { value: '5', unit: 'count' },
                                groupBy: { source: 'tk', column: 'service' },
                            }),
                        ],
                    }),
                ],
                [source],
                { timeZone: 'UTC' },
            ),
        );
        const [window] = report.services[0].objectives[0].windows;
        // The report keeps the value as it is (JSON carries it safely); every rendering escapes it.
        expect(window.group).toBe('evil\u001b[2Jname\u202e');
        expect(formatTextReport(report)).toContain('2025-03 [evil\\u001b[2Jname\\u202e]');
        expect(formatTextReport(report)).not.toContain('\u001b');
    });
});

function render(markdown: string): string {
    return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

describe('text from the data in the Markdown report', () => {
    it('renders as text: no links, images, HTML elements, mentions or formatting', async () => {
        const rows = HOSTILE.map((name, i) => `2025-03-0${(i % 9) + 1}T10:00:00Z,"${name.replace(/"/g, '""')}"`);
        const source = dataSource(
            tempFile('t.csv', ['opened,service', ...rows].join('\n') + '\n'),
            [column('opened', 'time'), column('service', 'text')],
            { name: 'tk' },
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [metric('Tickets', { kind: 'count', source: 'tk' }, 'count')],
                        objectives: [
                            objective({
                                name: 'Few',
                                metric: 'Tickets',
                                comparator: '<=',
                                threshold: { value: '5', unit: 'count' },
                                groupBy: { source: 'tk', column: 'service' },
                            }),
                        ],
                    }),
                ],
                [source],
                { timeZone: 'UTC' },
            ),
        );
        const markdown = formatMarkdownReport([report]);
        const html = render(markdown);
        expect(html).not.toMatch(/<a[\s>]/);
        expect(html).not.toMatch(/<img[\s>]/);
        expect(html).not.toMatch(/<script|<strong|<em>|<code>|<del>/);
        // One table, with a row per group: no value broke out of its cell.
        expect(html.match(/<table>/g)).toHaveLength(1);
        expect(html.match(/<tr>/g)).toHaveLength(1 + HOSTILE.length);
        // Every value is still there to read (a zero-width space sits after @ and # and inside URLs).
        const text = html.replace(/<[^>]+>/g, '').replace(/\u200B/g, '');
        for (const name of HOSTILE) {
            const shown = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
            expect(text).toContain(shown.replace(/"/g, '&quot;'));
        }
        expect(html).not.toMatch(/@(?!\u200B)octocat/);
    });

    it('breaks mentions and references with a zero-width space, not by dropping characters', () => {
        expect(markdownText('@octocat #12')).toBe('@\u200Boctocat #\u200B12');
        expect(markdownText('https://x.example www.x.example')).toBe('https\u200B://x.example www\u200B.x.example');
    });
});
