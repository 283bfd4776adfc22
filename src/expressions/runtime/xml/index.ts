/** System.Xml.Linq (XDocument, XElement, …) and the XmlReader subset: importing this registers them. */
import './errors.js';
import './enums.js';
import './names-types.js';
import './nodes-types.js';
import './string-reader.js';
import './reader-types.js';
import './extensions.js';
import './deep-equals.js';
