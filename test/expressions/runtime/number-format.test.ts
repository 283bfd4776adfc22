import { describe, expect, it } from 'vitest';
import { formatDecimal, formatDouble, formatInteger } from '../../../src/expressions/runtime/number-format.js';

// Expected texts are .NET 6+ with the invariant culture (docs: "Standard numeric format strings",
// "Custom numeric format strings", "Floating-point formatting changes in .NET Core 3.0").
const cases: [string, () => string, string][] = [
  ['double shortest round-trip', () => formatDouble(0.1 + 0.2), '0.30000000000000004'],
  ['double 1e15 switches to E', () => formatDouble(1e15), '1E+15'],
  ['double 1e14 stays fixed', () => formatDouble(1e14), '100000000000000'],
  ['double 16 significant digits stay fixed', () => formatDouble(1234567890123456), '1234567890123456'],
  ['double large', () => formatDouble(123456789012345680000), '1.2345678901234568E+20'],
  ['double 0.0001', () => formatDouble(0.0001), '0.0001'],
  ['double 0.00001', () => formatDouble(0.00001), '1E-05'],
  ['negative zero', () => formatDouble(-0), '-0'],
  ['NaN', () => formatDouble(NaN), 'NaN'],
  ['Infinity', () => formatDouble(-Infinity), '-Infinity'],
  ['F2 uses the exact binary value', () => formatDouble(1.005, 'F2'), '1.00'],
  ['custom 0.00 rounds 15 digits', () => formatDouble(1.005, '0.00'), '1.01'],
  ['F2 tie away from zero', () => formatDouble(0.125, 'F2'), '0.13'],
  ['F0 of 2.5', () => formatDouble(2.5, 'F0'), '3'],
  ['F2 negative rounding to zero keeps sign', () => formatDouble(-0.001, 'F2'), '-0.00'],
  ['custom drops sign of zero', () => formatDouble(-0.001, '0.00'), '0.00'],
  ['N2', () => formatDouble(1234.5678, 'N2'), '1,234.57'],
  ['P1', () => formatDouble(0.1234, 'P1'), '12.3 %'],
  ['E2', () => formatDouble(1234.5678, 'E2'), '1.23E+003'],
  ['E default', () => formatDouble(123.456, 'E'), '1.234560E+002'],
  ['G3', () => formatDouble(1234.5678, 'G3'), '1.23E+03'],
  ['R', () => formatDouble(Math.PI, 'R'), '3.141592653589793'],
  ['custom 0.00 pads', () => formatDouble(3, '0.00'), '3.00'],
  ['custom #.##', () => formatDouble(3.14159, '#.##'), '3.14'],
  // custom scientific notation (checked against Mono, which agrees with .NET 8 here)
  ['custom 0.0e+0', () => formatDouble(1234.5, '0.0e+0'), '1.2e+3'],
  ['custom 0.###E+000', () => formatDouble(0.001234, '0.###E+000'), '1.234E-003'],
  ['custom 0.00E-00 signs only negatives', () => formatDouble(1234.5, '0.00E-00'), '1.23E03'],
  ['custom 00.0E0 fills two integer digits', () => formatDouble(1234.5, '00.0E0'), '12.3E2'],
  ['custom 0.00E+0 of an integer', () => formatInteger(123456789, '0.00E+0'), '1.23E+8'],
  ['custom quoted E is literal', () => formatDouble(1.5, "0.0 'E' 0"), '1.5 E 0'],
  ['custom # rounds', () => formatDouble(0.5, '#'), '1'],
  ['custom # of small is empty', () => formatDouble(0.4, '#'), ''],
  ['custom grouping', () => formatDouble(1234567.891, '#,##0.00'), '1,234,567.89'],
  ['custom sections', () => formatDouble(-1.5, '0.0;(0.0)'), '(1.5)'],
  ['custom percent', () => formatDouble(12.5, '0%'), '1250%'],
  ['custom literal', () => formatDouble(5, "0 'items'"), '5 items'],
  ['D3', () => formatInteger(5, 'D3'), '005'],
  ['D3 negative', () => formatInteger(-5, 'D3'), '-005'],
  ['X', () => formatInteger(255, 'X'), 'FF'],
  ['x4', () => formatInteger(255, 'x4'), '00ff'],
  ['X of -1 int', () => formatInteger(-1, 'X'), 'FFFFFFFF'],
  ['X of -1 long', () => formatInteger(-1n, 'X', 64), 'FFFFFFFFFFFFFFFF'],
  ['N0', () => formatInteger(1234567, 'N0'), '1,234,567'],
  ['int F2', () => formatInteger(42, 'F2'), '42.00'],
  ['int custom 0000', () => formatInteger(42, '0000'), '0042'],
  ['int #,#', () => formatInteger(1234567, '#,#'), '1,234,567'],
  ['int thousands scaling', () => formatInteger(1234567, '0,,'), '1'],
  ['C', () => formatDouble(1234.567, 'C'), '¤1,234.57'],
  ['C negative uses parentheses', () => formatDouble(-1234.567, 'C1'), '(¤1,234.6)'],
  ['N negative', () => formatDouble(-1234.567, 'N1'), '-1,234.6'],
  ['G3 on an integer', () => formatInteger(12345, 'G3'), '1.23E+04'],
  ['decimal keeps scale', () => formatDecimal('1.50'), '1.50'],
  ['decimal F1', () => formatDecimal('1.55', 'F1'), '1.6'],
];

describe('number formatting (.NET invariant culture)', () => {
  it.each(cases)('%s', (_name, run, expected) => {
    expect(run()).toBe(expected);
  });
  it('rejects D on a double with FormatException', () => {
    expect(() => formatDouble(1.5, 'D2')).toThrow('Format specifier was invalid.');
  });
});
