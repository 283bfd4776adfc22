import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const L = 'System.Int64';
const D = 'System.Double';
const B = 'System.Boolean';
const BYTES = 'System.Byte[]';

describe('Convert, Encoding, BitConverter', () => {
  runTable([
    ['Convert.ToBase64String(Encoding.UTF8.GetBytes("hello"))', ['aGVsbG8=', S]],
    ['Convert.ToBase64String(Encoding.UTF8.GetBytes("héllo €"))', ['aMOpbGxvIOKCrA==', S]],
    ['Convert.ToBase64String(new byte[] { 1, 2, 3, 4 }, 1, 2)', ['AgM=', S]],
    ['Encoding.UTF8.GetString(Convert.FromBase64String("aGVsbG8="))', ['hello', S]],
    ['Encoding.UTF8.GetString(Convert.FromBase64String(" aGVs\\nbG8= "))', ['hello', S]],
    ['Convert.FromBase64String("aGVsbG8=").Length', ['5', I]],
    ['Convert.FromBase64String("aGVsbG8")', { throws: 'System.FormatException', message: 'Invalid length for a Base-64 char array or string.' }],
    [
      'Convert.FromBase64String("aGV*bG8=")',
      {
        throws: 'System.FormatException',
        message: 'The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.',
      },
    ],
    ['Convert.FromBase64String(null)', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 's')" }],
    ['Convert.ToHexString(new byte[] { 0, 171, 255 })', ['00ABFF', S]],
    ['Convert.FromHexString("00abFF").Length', ['3', I]],
    ['Convert.FromHexString("abc")', { throws: 'System.FormatException', message: 'The input is not a valid hex string as its length is not a multiple of 2.' }],
    ['Convert.ToInt32("42")', ['42', I]],
    ['Convert.ToInt32(" -7 ")', ['-7', I]],
    ['Convert.ToInt32("ff", 16)', ['255', I]],
    ['Convert.ToInt32("ffffffff", 16)', ['-1', I]],
    ['Convert.ToInt32(2.5)', ['2', I]],
    ['Convert.ToInt32(3.5)', ['4', I]],
    ['Convert.ToInt32(true)', ['1', I]],
    ['Convert.ToInt32((string)null)', ['0', I]],
    ['Convert.ToInt32("2147483648")', { throws: 'System.OverflowException', message: 'Value was either too large or too small for an Int32.' }],
    ['Convert.ToInt32("4x")', { throws: 'System.FormatException', message: "The input string '4x' was not in a correct format." }],
    ['Convert.ToInt64("9000000000")', ['9000000000', L]],
    ['Convert.ToDouble("1.5e3")', ['1500', D]],
    ['Convert.ToDouble("1,234.5")', ['1234.5', D]],
    ['Convert.ToBoolean("TRUE")', ['True', B]],
    ['Convert.ToBoolean("yes")', { throws: 'System.FormatException', message: "String 'yes' was not recognized as a valid Boolean." }],
    ['Convert.ToBoolean(0)', ['False', B]],
    ['Convert.ToString(-1, 16)', ['ffffffff', S]],
    ['Convert.ToString(5, 2)', ['101', S]],
    ['Convert.ToString(1.5)', ['1.5', S]],
    ['Convert.ToString(true)', ['True', S]],
    ['Convert.ToByte(int.Parse("200"))', ['200', 'System.Byte']],
    ['Convert.ToByte(256)', { throws: 'System.OverflowException', message: 'Value was either too large or too small for an unsigned byte.' }],
    ['Encoding.ASCII.GetString(Encoding.ASCII.GetBytes("naïve"))', ['na?ve', S]],
    ['Encoding.Unicode.GetBytes("ab").Length', ['4', I]],
    ['BitConverter.ToString(Encoding.Unicode.GetBytes("A"))', ['41-00', S]],
    ['Encoding.UTF8.GetByteCount("€")', ['3', I]],
    ['Encoding.UTF8.GetString(new byte[] { 0xC3 })', ['\uFFFD', S]],
    ['Encoding.UTF8.WebName', ['utf-8', S]],
    ['BitConverter.ToString(new byte[] { 1, 171, 255 })', ['01-AB-FF', S]],
    ['BitConverter.ToString(new byte[] { 1, 171, 255 }, 1)', ['AB-FF', S]],
    ['BitConverter.ToString(new byte[0])', ['', S]],
    ['BitConverter.ToInt32(new byte[] { 1, 0, 0, 0 }, 0)', ['1', I]],
    ['BitConverter.ToString(BitConverter.GetBytes(258))', ['02-01-00-00', S]],
    ['BitConverter.IsLittleEndian', ['True', B]],
    ['Encoding.UTF8.GetBytes("x").GetType().ToString()', [BYTES, S]],
  ]);
});
