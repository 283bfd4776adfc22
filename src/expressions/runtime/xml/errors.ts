/**
 * System.Xml.XmlException, shaped like .NET's: the message ends with " Line N, position M." when the
 * failure has a place in the text (the reader's 1-based line and column).
 */
import { registerType } from '../../registry.js';
import { fail } from '../fail.js';

export const XML_EXCEPTION = 'System.Xml.XmlException';

registerType({ name: XML_EXCEPTION, base: 'System.SystemException' });

export function xmlError(message: string, where?: { line: number; column: number }): never {
  fail(XML_EXCEPTION, where ? `${message} Line ${where.line}, position ${where.column}.` : message);
}

/** The text .NET shows for a character in messages: the character itself, '.' for NUL. */
export function showChar(c: string, word = false): string {
  const code = c.codePointAt(0) ?? 0;
  return `'${code === 0 ? '.' : c}'${word ? ' character' : ''}, hexadecimal value 0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}
