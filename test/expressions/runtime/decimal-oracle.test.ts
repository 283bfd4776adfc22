/**
 * Differential oracle for System.Decimal: arithmetic (scale of + - * / %, rounding to 28–29 digits),
 * conversions, Parse, Math, LINQ and ToString with standard and custom formats, compiled by Mono's C#
 * compiler and run on Mono, whose System.Decimal computes and prints as .NET 8 does. The cases where Mono
 * prints .NET Framework's answer are in MONO_DIFFERS with the .NET 8 value (checked in ../decimal.test.ts).
 * Without mcs/mono on PATH the suite reports itself skipped.
 */
import { describe, expect, it } from 'vitest';
import { hasMono, runMonoCases } from '../mono-oracle.js';
import { evaluate } from './evaluate.js';

const CASES: string[] = [
  '1.50m',
  '1.50m + 1',
  '0.1m * 3 == 0.3m',
  '0.1m + 0.2m',
  '1m / 3',
  '2m / 3',
  '10m / 3',
  '100m / 3',
  '80m / 3',
  '1.00m / 2',
  '1m / 4',
  '1.0m / 4',
  '100m / 0.5m',
  '2.50m / 0.5m',
  '1m / 8',
  '7m / 7',
  '1m / 3 * 3',
  '5.5m % 2',
  '-5.5m % 2',
  '5m % 2.0m',
  '10m % 3m',
  '1.5m * 1.5m',
  '1.10m * 2.00m',
  '0.0000000000000001m * 0.0000000000000001m',
  'decimal.MaxValue',
  'decimal.MinValue',
  'decimal.One + decimal.MinusOne',
  'decimal.MaxValue / 2',
  'decimal.MaxValue * 0.5m',
  '1.50m == 1.5m',
  '1.50m.Equals(1.5m)',
  '1.50m.GetHashCode() == 1.5m.GetHashCode()',
  '1.50m.CompareTo(1.5m)',
  '1.49m < 1.5m',
  '-1.5m',
  '-(0.0m)',
  '(decimal)0.1',
  '(decimal)(1.0/3)',
  '(decimal)123456789012345678.0',
  '(decimal)1e-30',
  '(decimal)1.23456789e-25',
  '(decimal)1.5f',
  '(decimal)2.5',
  '(decimal)100.0',
  '(decimal)int.MaxValue',
  '(decimal)long.MinValue',
  '(int)2.7m',
  '(int)-2.7m',
  '(long)decimal.Parse("100000000000000000000")',
  '(double)1.5m',
  'Math.Round(2.675m, 2)',
  'Math.Round(2.5m)',
  'Math.Round(3.5m)',
  'Math.Round(-2.5m)',
  'Math.Round(2.50m)',
  'Math.Round(1.5m, 2)',
  'Math.Round(2.345m, 2, MidpointRounding.AwayFromZero)',
  'Math.Round(-2.5m, MidpointRounding.AwayFromZero)',
  'Math.Floor(1.50m)',
  'Math.Floor(-1.5m)',
  'Math.Ceiling(1.2m)',
  'Math.Ceiling(-1.2m)',
  'Math.Truncate(-1.75m)',
  'Math.Abs(-1.50m)',
  'Math.Max(1.5m, 1.50m)',
  'Math.Min(1.5m, 1.50m)',
  'Math.Sign(-0.5m)',
  'decimal.Parse("1.50")',
  'decimal.Parse(" -0012.3400 ")',
  'decimal.Parse("1,234.5")',
  'decimal.Parse("0.123456789012345678901234567891")',
  'decimal.Parse("79228162514264337593543950335")',
  'decimal.Parse("0.00")',
  'Convert.ToDecimal("2.50")',
  'Convert.ToDecimal(2.5)',
  'Convert.ToDecimal(7)',
  'Convert.ToDecimal(true)',
  'Convert.ToInt32(2.5m)',
  'Convert.ToInt32(3.5m)',
  'Convert.ToInt64(-2.5m)',
  'Convert.ToDouble(1.25m)',
  '1.50m.ToString()',
  '1.50m.ToString("F")',
  '1.5m.ToString("F3")',
  '1234.5m.ToString("N")',
  '1234.567m.ToString("N1")',
  '0.125m.ToString("P")',
  '0.125m.ToString("P0")',
  '1234.5m.ToString("C")',
  '(-1234.5m).ToString("C")',
  '1234.5678m.ToString("E")',
  '1234.5678m.ToString("E2")',
  '1234.5678m.ToString("G")',
  '1234.5678m.ToString("G3")',
  '0.00001234m.ToString("G")',
  '0.00001234m.ToString("G3")',
  '1.50m.ToString("0.000")',
  '2.345m.ToString("0.00")',
  '2.5m.ToString("0")',
  '3.5m.ToString("0")',
  '1234567.891m.ToString("#,##0.00")',
  '1.50m.ToString("#.#")',
  '0.5m.ToString("#")',
  '(-1.5m).ToString("0.0;(0.0)")',
  '2.5m.ToString("F0")',
  '0.005m.ToString("F2")',
  'decimal.MaxValue.ToString("N0")',
  'new[] { 1.5m, 2.50m }.Sum()',
  'new[] { 1.5m, 2.5m }.Average()',
  'new[] { 1m, 2m }.Average()',
  'new[] { 1m, 2m, 2m }.Average()',
  'new[] { 1.5m, 2.50m, 0.1m }.Max()',
  'new[] { 1.5m, 2.50m, 0.1m }.Min()',
  'new[] { 1.0m, 1.00m }.Distinct().Count()',
  'string.Format("{0:F1}|{1}", 2.25m, 2.250m)',
  '$"{1.50m}|{1.5m:N3}"',
  '"a" + 1.50m',
  'default(decimal)',
  '(object)1.50m',
  '((object)1.5m).Equals(1.50m)',
  '((object)1.5m).Equals(1.5)',
  '1.5m + 1.25m - 0.75m',
  '0.1m + 0.2m == 0.3m',
  '1m / 7',
  '22m / 7',
  '3.14159m * 2m * 2m',
  '123456789.123456789m * 987654321.987654321m',
  'decimal.Parse("79228162514264337593543950335") / 0.1m',
  '0.000000000000000000000000001m / 10',
  '1E-28m',
  '1.5e3m',
  'decimal.MaxValue + decimal.Parse("1")',
  '1m / decimal.Parse("0")',
  '(decimal)double.Parse("NaN")',
  '(int)decimal.Parse("3000000000")',
  '((decimal?)1.5m + 1m).Value',
  '(decimal)(object)1.5m',
  '$"{1.5m,8:F2}|"',
  'new[] { 1, 2 }.Sum(x => x * 1.5m)',
  'new[] { 1, 2 }.Average(x => (decimal)x)',
  'Convert.ToDecimal((object)"1.5")',
  'Convert.ToInt32((object)2.5m)',
  'Convert.ToBoolean((object)0m)',
  'decimal.Round(2.345m, 2)',
  'decimal.Compare(1m, 2m)',
  '(char)65m',
  '(byte)decimal.Parse("300")',
  '(int)decimal.Parse("1e10", NumberStyles.Float)',
  '(-0.5m).ToString("0")',
  '0.0001m.ToString("G")',
  '0.00001m.ToString("G")',
  '0.00001m.ToString()',
  '100m.ToString("E")',
  '1m.ToString("R")',
  '1.5m.ToString("D")',
  '1.5m.ToString("X")',
  '12345.678m.ToString("G2")',
  '12345.678m.ToString("G10")',
  '0.000012345m.ToString("G4")',
  '1.5m.ToString("00.00%")',
  '(-1.5m).ToString("F0")',
  '(-2.5m).ToString("F0")',
  '0.5m.ToString("F0")',
  '(-0.4m).ToString("F0")',
  'Math.Round(-0.4m)',
  'Math.Round(-0.4m).ToString()',
  '(-0.0m).ToString()',
  '(0m * -1m).ToString()',
  'decimal.Negate(0m).ToString()',
  'decimal.MinValue / decimal.MaxValue',
  'decimal.MaxValue % 7m',
  '1m / decimal.MaxValue',
  '0.5m / decimal.MaxValue',
  'decimal.Parse("79228162514264337593543950335") / 0.99m',
  '7.9228162514264337593543950335m',
  '0.1m + 0.2m + 0.3m + 0.4m',
  '(decimal)1e28',
  '(decimal)7.9e28',
  '(decimal)float.Parse("3.4e38")',
  '(decimal)1.0000000000000002',
  '(decimal)0.30000000000000004',
  '1.23456789012345678901234567890m',
  '1.00000000000000000000000000001m',
  '79228162514264337593543950334.5m',
  '79228162514264337593543950333.5m',
  '1234.5m.ToString("0.0e+0")',
  '1234.5m.ToString("0.00E+00")',
  '0.00012345m.ToString("0.00E+00")',
  '1234.5m.ToString("#.##E+0")',
  '0m.ToString("0.0E+0")',
  '(-1234.5m).ToString("0.0E+0")',
  ...randomArithmetic(200),
];

/**
 * Seeded random operands (1 to 29 digits, scale 0 to 28, either sign) through + - * / %, so the
 * rounding and overflow edges are exercised beyond the hand-written cases; parsed at run time so the
 * C# compiler does not fold (and reject) overflowing constants.
 */
function randomArithmetic(count: number): string[] {
  let seed = 16;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const operand = () => {
    const length = [1 + next(6), 5 + next(14), 18 + next(12)][next(3)]!;
    let digits = '';
    for (let i = 0; i < length; i++) digits += String(next(10));
    digits = digits.replace(/^0+(?=\d)/, '');
    if (digits.length === 29 && digits > '79228162514264337593543950335') digits = digits.slice(1);
    const scale = next(Math.min(28, digits.length + 2) + 1);
    const padded = digits.padStart(scale + 1, '0');
    const text = scale ? `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}` : padded;
    return next(3) === 0 ? `-${text}` : text;
  };
  const ops = ['+', '-', '*', '/', '%'];
  return Array.from({ length: count }, () => `decimal.Parse("${operand()}") ${ops[next(5)]} decimal.Parse("${operand()}")`);
}

/** Where Mono differs from .NET 8, the value .NET 8 gives (and we give). */
export const MONO_DIFFERS: Record<string, string> = {
  '(decimal)0.1f': '\'0.1\': .NET Core rounds a float to 7 significant digits; Mono widens it to double first (0.100000001490116)',
  '(double)(1m/3)': '\'0.33333333333333337\': the same double, printed shortest round-trip by .NET Core 3.0+ (Mono: 15 digits)',
  '(float)(1m/3)': '\'0.33333334\': shortest round-trip float (Mono: 7 digits)',
  'decimal.Parse("1e5")': 'FormatException "The input string \'1e5\' was not in a correct format." (.NET 8 wording)',
  '(decimal)123.456f': "'123.456' (Mono: 123.456001281738)",
  '(decimal)16777217f': "'16777220': the float 16777216 to 7 digits (Mono: 16777216)",
  'decimal.Parse("abc")': 'FormatException "The input string \'abc\' was not in a correct format." (.NET 8 wording)',
};

const mono = hasMono();

describe('Mono oracle: System.Decimal', () => {
  if (!mono) {
    it.skip('skipped: mono not installed (apt-get install mono-devel)', () => undefined);
    return;
  }
  it('no case is both oracle-checked and a known Mono difference', () => {
    expect(CASES.filter((c) => c in MONO_DIFFERS)).toEqual([]);
  });
  const results = runMonoCases(CASES, { usings: ['System.Linq', 'System.Collections.Generic'], monoArgs: ['-O=-all'] });
  it.each(CASES.map((c, i) => [c, i] as const))('%s', (code, i) => {
    const expected = results.get(i);
    expect(expected, 'Mono produced a result').toBeDefined();
    expect(evaluate(code)).toEqual(expected);
  });
});
