/** System.Xml.Linq (XDocument, XElement, …) and the XmlReader subset: importing this registers them. */
export {};
