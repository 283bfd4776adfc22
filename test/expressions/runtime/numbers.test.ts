import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const L = 'System.Int64';
const D = 'System.Double';
const M = 'System.Decimal';
const B = 'System.Boolean';
const G = 'System.Guid';

describe('numbers: Parse, TryParse, ToString formats, limits', () => {
  runTable([
    ['int.Parse("42")', ['42', I]],
    ['int.Parse(" -42 ")', ['-42', I]],
    ['int.Parse("4.2")', { throws: 'System.FormatException', message: "The input string '4.2' was not in a correct format." }],
    ['int.Parse("99999999999")', { throws: 'System.OverflowException', message: 'Value was either too large or too small for an Int32.' }],
    ['int.Parse(null)', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 's')" }],
    ['int.TryParse("12", out var n) ? n * 2 : -1', ['24', I]],
    ['int.TryParse("x", out var n) ? n : -1', ['-1', I]],
    ['int.Parse("ff", System.Globalization.NumberStyles.HexNumber)', ['255', I]],
    ['long.Parse("9223372036854775807")', ['9223372036854775807', L]],
    ['long.TryParse("1e3", out var v)', ['False', B]],
    ['double.Parse("3.14")', ['3.14', D]],
    ['double.Parse("-1.5E-3")', ['-0.0015', D]],
    ['double.TryParse("abc", out var d)', ['False', B]],
    ['decimal.Parse("1.50") * 2', ['3.00', M]],
    ['bool.Parse("False")', ['False', B]],
    ['bool.TryParse("maybe", out var b) || b', ['False', B]],
    ['int.MaxValue', ['2147483647', I]],
    ['int.MinValue', ['-2147483648', I]],
    ['long.MaxValue', ['9223372036854775807', L]],
    ['int.TryParse("ff", System.Globalization.NumberStyles.HexNumber, null, out var n) ? n : -1', ['255', I]],
    ['int.TryParse("zz", System.Globalization.NumberStyles.HexNumber, null, out var n) ? n : -1', ['-1', I]],
    ['1.5.ToString("F2", null)', ['1.50', S]],
    ['double.Parse("1.5", null)', ['1.5', D]],
    ['double.MaxValue', ['1.7976931348623157E+308', D]],
    ['double.Epsilon', ['5E-324', D]],
    ['double.NaN', ['NaN', D]],
    ['double.IsNaN(0.0 / 0.0)', ['True', B]],
    ['(1.0 / 0).ToString()', ['Infinity', S]],
    ['(0.1 + 0.2).ToString()', ['0.30000000000000004', S]],
    ['1e15.ToString()', ['1E+15', S]],
    ['123456789012345.0.ToString()', ['123456789012345', S]],
    ['0.00001.ToString()', ['1E-05', S]],
    ['5.ToString("D3")', ['005', S]],
    ['255.ToString("X")', ['FF', S]],
    ['255.ToString("x4")', ['00ff', S]],
    ['(-1).ToString("X")', ['FFFFFFFF', S]],
    ['1234567.ToString("N0")', ['1,234,567', S]],
    ['1234.5678.ToString("N2")', ['1,234.57', S]],
    ['1234.5678.ToString("F2")', ['1234.57', S]],
    ['1.005.ToString("F2")', ['1.00', S]],
    ['1.005.ToString("0.00")', ['1.01', S]],
    ['3.ToString("0.00")', ['3.00', S]],
    ['0.5.ToString("#")', ['1', S]],
    ['0.1234.ToString("P1")', ['12.3 %', S]],
    ['1234.5678.ToString("E2")', ['1.23E+003', S]],
    ['42.ToString("F")', ['42.00', S]],
    ['2.5.ToString("D")', { throws: 'System.FormatException', message: 'Format specifier was invalid.' }],
    ['$"{7:D2}|{3.14159:F3}|{255:X2}"', ['07|3.142|FF', S]],
    ['string.Format("{0:N1}", 1234.56)', ['1,234.6', S]],
  ]);
});

describe('Math', () => {
  runTable([
    ['Math.Round(2.5)', ['2', D]],
    ['Math.Round(3.5)', ['4', D]],
    ['Math.Round(-2.5)', ['-2', D]],
    ['Math.Round(2.5, MidpointRounding.AwayFromZero)', ['3', D]],
    ['Math.Round(2.345, 2)', ['2.35', D]],
    ['Math.Round(2.675, 2)', ['2.68', D]],
    ['Math.Round(2.675m, 2)', ['2.68', M]],
    ['Math.Round(1.5m)', ['2', M]],
    ['Math.Round(2.5m)', ['2', M]],
    ['Math.Round(1.2345, 16)', { throws: 'System.ArgumentOutOfRangeException' }],
    ['Math.Floor(-1.5)', ['-2', D]],
    ['Math.Ceiling(1.2)', ['2', D]],
    ['Math.Truncate(-1.7)', ['-1', D]],
    ['Math.Abs(-5)', ['5', I]],
    ['Math.Abs(int.MinValue)', { throws: 'System.OverflowException', message: 'Negating the minimum value of a twos complement number is invalid.' }],
    ['Math.Abs(-2.5)', ['2.5', D]],
    ['Math.Max(3, 7)', ['7', I]],
    ['Math.Min(3L, -7L)', ['-7', L]],
    ['Math.Max(1.5, double.NaN)', ['NaN', D]],
    ['Math.Pow(2, 10)', ['1024', D]],
    ['Math.Sqrt(2)', ['1.4142135623730951', D]],
    ['Math.Log(Math.E)', ['1', D]],
    ['Math.Log10(1000)', ['3', D]],
    ['Math.Log(8, 2)', ['3', D]],
    ['Math.Sign(-3.2)', ['-1', I]],
    ['Math.Clamp(15, 0, 10)', ['10', I]],
    ['Math.PI', ['3.141592653589793', D]],
  ]);
});

describe('Guid and Random', () => {
  runTable([
    ['Guid.Empty', ['00000000-0000-0000-0000-000000000000', G]],
    ['Guid.NewGuid().ToString().Length', ['36', I]],
    ['Guid.NewGuid() != Guid.NewGuid()', ['True', B]],
    ['Guid.NewGuid().ToString("N").Length', ['32', I]],
    ['Guid.Parse("0F8FAD5B-D9CB-469F-A165-70867728950E").ToString()', ['0f8fad5b-d9cb-469f-a165-70867728950e', S]],
    ['Guid.Parse("0f8fad5bd9cb469fa16570867728950e").ToString("B")', ['{0f8fad5b-d9cb-469f-a165-70867728950e}', S]],
    ['Guid.Parse("{0f8fad5b-d9cb-469f-a165-70867728950e}").ToString("P")', ['(0f8fad5b-d9cb-469f-a165-70867728950e)', S]],
    ['Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").ToString("X")', ['{0x0f8fad5b,0xd9cb,0x469f,{0xa1,0x65,0x70,0x86,0x77,0x28,0x95,0x0e}}', S]],
    ['BitConverter.ToString(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").ToByteArray())', ['5B-AD-8F-0F-CB-D9-9F-46-A1-65-70-86-77-28-95-0E', S]],
    ['Guid.Parse("not-a-guid")', { throws: 'System.FormatException', message: 'Unrecognized Guid format.' }],
    ['Guid.TryParse("nope", out var g) ? "y" : g.ToString()', ['00000000-0000-0000-0000-000000000000', S]],
    ['Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") == new Guid("0F8FAD5BD9CB469FA16570867728950E")', ['True', B]],
    ['Guid.Empty.ToString("Z")', { throws: 'System.FormatException' }],
    ['new Random(42).Next(100)', ['66', I]],
    ['new Random(42).Next()', ['1434747710', I]],
    ['new Random(7).Next(-5, 5)', ['-2', I]],
    ['new Random().Next(10) < 10', ['True', B]],
    ['new Random().NextDouble() < 1.0', ['True', B]],
    ['new Random().Next(-1)', { throws: 'System.ArgumentOutOfRangeException' }],
    ['new Random().Next(5, 1)', { throws: 'System.ArgumentOutOfRangeException' }],
  ]);
});
