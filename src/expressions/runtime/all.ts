/**
 * The .NET library surface beyond strings, JSON and the context: importing this registers it all
 * (runtime/index.ts imports this file).
 */
import './numbers.js';
import './convert.js';
import './dates.js';
import './guid.js';
import './math.js';
import './random.js';
import './uri.js';
import './collections.js';
import './linq.js';
import './jwt.js';
import './crypto.js';
import './regex.js';
import './stringbuilder.js';
import './timezone.js';
import './ipaddress.js';
import './system-type.js';
import './enums.js';
import './tuple.js';
import './authorization.js';
import './interface-members.js';
import './xml/index.js';
import './x509/index.js';
