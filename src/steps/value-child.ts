/** The `<value>` child shared by set-header, set-query-parameter and check-header. */
import type { ElementSpec } from './handler.js';

export const VALUE_ELEMENT: ElementSpec = { name: 'value', attributes: [], text: { expression: true } };
