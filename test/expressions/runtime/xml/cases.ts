/** Shared inputs of the System.Xml.Linq table and oracle tests. */
export const SOAP =
  '<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?><soap:Envelope xmlns:soap=\\"http://schemas.xmlsoap.org/soap/envelope/\\" xmlns:xsi=\\"http://www.w3.org/2001/XMLSchema-instance\\"><soap:Body><SomeCustomElement><SomeCustomNestedElement>ABCDEF123456789</SomeCustomNestedElement></SomeCustomElement></soap:Body></soap:Envelope>';

/** A C# string literal's content: an order document with namespaces, attributes and mixed content. */
export const ORDER =
  '<order xmlns=\\"urn:orders\\" xmlns:p=\\"urn:prices\\" id=\\"42\\"><item sku=\\"A1\\" p:price=\\"2.50\\">Pen</item><item sku=\\"B2\\" p:price=\\"10\\">Book<!--gift--></item><note>Leave at <b>door</b></note></order>';
