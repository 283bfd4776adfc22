import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';

describe('IPAddress', () => {
  runTable([
    ['IPAddress.Parse("10.1.2.3").ToString()', ['10.1.2.3', S]],
    ['IPAddress.Parse("10.1.2.3").GetAddressBytes()[1]', ['1', 'System.Byte']],
    ['IPAddress.Parse("10.1.2.3").AddressFamily', ['InterNetwork', 'System.Net.Sockets.AddressFamily']],
    ['IPAddress.Parse("2001:0DB8:0000:0000:0000:0000:0000:0001").ToString()', ['2001:db8::1', S]],
    ['IPAddress.Parse("2001:db8:0:1:0:0:0:1").ToString()', ['2001:db8:0:1::1', S]],
    ['IPAddress.Parse("::1").AddressFamily', ['InterNetworkV6', 'System.Net.Sockets.AddressFamily']],
    ['IPAddress.Parse("::ffff:10.0.0.1").MapToIPv4().ToString()', ['10.0.0.1', S]],
    ['IPAddress.Parse("10.0.0.1").MapToIPv6().ToString()', ['::ffff:10.0.0.1', S]],
    ['IPAddress.Parse("2001:db8::1").GetAddressBytes().Length', ['16', I]],
    ['IPAddress.IsLoopback(IPAddress.Parse("127.0.0.1"))', ['True', B]],
    ['IPAddress.IsLoopback(IPAddress.Parse("::1"))', ['True', B]],
    ['IPAddress.Parse("10.0.0.1").Equals(IPAddress.Parse("10.0.0.1"))', ['True', B]],
    ['IPAddress.TryParse("300.1.1.1", out var ip)', ['False', B]],
    ['IPAddress.TryParse(context.Request.IpAddress, out var ip) && IPAddress.IsLoopback(ip)', ['True', B]],
    ['IPAddress.Parse("not-an-ip")', { throws: 'System.FormatException', message: 'An invalid IP address was specified.' }],
  ]);
});
