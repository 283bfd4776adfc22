/** `<base/>` left in a section after scope merging (e.g. at the top scope): nothing to run. */
import type { PolicyHandler } from './handler.js';

export const base: PolicyHandler = {
  name: 'base',
  status: 'ignored',
  summary: 'Expanded by the reader when scopes are merged; a leftover is ignored',
  attributes: [],
};
