/**
 * Imports every module that registers part of the .NET surface. Import order does not matter
 * (signatures resolve lazily); add one line per runtime module.
 */
import '../core/primitives.js';
import './string.js';
import './json.js';
import './context.js';
import './all.js';
