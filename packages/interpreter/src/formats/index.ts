export { formatHtmlReport } from './html.js';
export { formatJUnitReport } from './junit.js';
export { formatMarkdownReport } from './markdown.js';
export { formatSarifReport, type SarifOptions } from './sarif.js';
export { windowName } from './windows.js';
