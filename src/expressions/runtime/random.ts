/**
 * System.Random. A seeded Random reproduces .NET's sequence (the Knuth subtractive generator .NET keeps
 * for seeded instances), so `new Random(42).Next(100)` gives what it gives on APIM; an unseeded one
 * draws from node:crypto.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { ctor, method, prop, registerType } from '../registry.js';
import { fail } from './fail.js';

const INT_MAX = 2147483647;
const MSEED = 161803398;

export class RandomValue {
  private seedArray?: number[];
  private inext = 0;
  private inextp = 21;

  constructor(seed?: number) {
    if (seed !== undefined) this.seed(seed);
  }

  private seed(seed: number): void {
    const a = new Array<number>(56).fill(0);
    const subtraction = seed === -2147483648 ? INT_MAX : Math.abs(seed);
    let mj = MSEED - subtraction;
    a[55] = mj;
    let mk = 1;
    let ii = 0;
    for (let i = 1; i < 55; i++) {
      if ((ii += 21) >= 55) ii -= 55;
      a[ii] = mk;
      mk = mj - mk;
      if (mk < 0) mk += INT_MAX;
      mj = a[ii]!;
    }
    for (let k = 1; k < 5; k++) {
      for (let i = 1; i < 56; i++) {
        let n = i + 30;
        if (n >= 55) n -= 55;
        a[i] = a[i]! - a[1 + n]!;
        if (a[i]! < 0) a[i] = a[i]! + INT_MAX;
      }
    }
    this.seedArray = a;
  }

  /** A sample in [0, int.MaxValue). */
  private internalSample(): number {
    const a = this.seedArray;
    if (!a) return randomInt(0, INT_MAX);
    let i = this.inext + 1;
    if (i >= 56) i = 1;
    let p = this.inextp + 1;
    if (p >= 56) p = 1;
    let r = a[i]! - a[p]!;
    if (r === INT_MAX) r--;
    if (r < 0) r += INT_MAX;
    a[i] = r;
    this.inext = i;
    this.inextp = p;
    return r;
  }

  sample(): number {
    return this.internalSample() * (1.0 / INT_MAX);
  }

  private largeRangeSample(): number {
    let result = this.internalSample();
    if (this.internalSample() % 2 === 0) result = -result;
    let d = result;
    d += INT_MAX - 1;
    d /= 2 * INT_MAX - 1;
    return d;
  }

  next(): number {
    return this.internalSample();
  }

  nextMax(max: number): number {
    if (max < 0) fail('System.ArgumentOutOfRangeException', `'maxValue' must be a non-negative value. (Parameter 'maxValue')\nActual value was ${max}.`);
    return Math.trunc(this.sample() * max);
  }

  nextRange(min: number, max: number): number {
    if (min > max) fail('System.ArgumentOutOfRangeException', `'minValue' cannot be greater than maxValue. (Parameter 'minValue')\nActual value was ${min}.`);
    const range = max - min;
    if (range <= INT_MAX) return Math.trunc(this.sample() * range) + min;
    return Math.trunc(this.largeRangeSample() * range) + min;
  }

  nextBytes(buffer: Uint8Array): void {
    if (!this.seedArray) {
      buffer.set(randomBytes(buffer.length));
      return;
    }
    for (let i = 0; i < buffer.length; i++) buffer[i] = this.internalSample() & 0xff;
  }
}

const shared = new RandomValue();

registerType({
  name: 'System.Random',
  jsClass: RandomValue,
  constructors: [ctor('()', () => new RandomValue()), ctor('(int Seed)', (seed: number) => new RandomValue(seed))],
  statics: { Shared: prop('System.Random', () => shared) },
  members: {
    Next: [
      method('() => int', (r: RandomValue) => r.next()),
      method('(int maxValue) => int', (r: RandomValue, max: number) => r.nextMax(max)),
      method('(int minValue, int maxValue) => int', (r: RandomValue, min: number, max: number) => r.nextRange(min, max)),
    ],
    NextDouble: method('() => double', (r: RandomValue) => r.sample()),
    NextBytes: method('(byte[] buffer) => void', (r: RandomValue, b: Uint8Array | null) => {
      if (b === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'buffer')");
      r.nextBytes(b);
    }),
  },
  toString: () => 'System.Random',
});
