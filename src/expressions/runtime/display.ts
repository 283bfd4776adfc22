/**
 * The .NET `ToString()` of any runtime value, for members that take `object` (Convert.ToString,
 * StringBuilder.Append(object), string.Join over LINQ results …): the core's rendering.
 */
export { toDotnetString as displayString } from '../format.js';
