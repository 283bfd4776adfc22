/**
 * Registry: a type registered by two modules (the core, then a runtime module adding members) keeps the
 * hooks of the first registration (toString, equals, compare, iterate) — a spec's optional hooks are read
 * as own properties only, never from Object.prototype.
 */
import { runTable, S, B, I, type Case } from './table.js';

const registeredTwice: Case[] = [
  ['TimeSpan.FromSeconds(90).ToString()', '00:01:30', S],
  ['"" + TimeSpan.FromMinutes(2)', '00:02:00', S],
  ['Guid.Empty.ToString()', '00000000-0000-0000-0000-000000000000', S],
  ['$"{new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero):yyyy-MM-dd}"', '2020-01-02', S],
  ['new Exception("boom").ToString()', 'System.Exception: boom', S],
  ['new List<int> { 1 }.ToString()', 'System.Collections.Generic.List`1[System.Int32]', S],
  ['Guid.Empty.Equals(Guid.Parse("00000000-0000-0000-0000-000000000000"))', 'True', B],
  ['TimeSpan.FromSeconds(1).CompareTo(TimeSpan.FromSeconds(2))', '-1', I],
  ['string.Join(",", new List<int> { 1, 2 })', '1,2', S],
];

runTable('types registered twice keep their hooks', registeredTwice);
