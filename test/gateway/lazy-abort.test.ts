/** LazyAbort: its signal is made only when asked for, and is aborted whether asked for before or after the abort. */
import { expect, it } from 'vitest';
import { LazyAbort } from '../../src/gateway/lazy-abort.js';

it('a signal asked for before the abort is aborted by it', () => {
  const lazy = new LazyAbort();
  const signal = lazy.signal;
  let heard = 0;
  signal.addEventListener('abort', () => heard++);
  expect(signal.aborted).toBe(false);
  lazy.abort();
  lazy.abort();
  expect(signal.aborted).toBe(true);
  expect(heard).toBe(1);
  expect(lazy.signal).toBe(signal);
});

it('a signal asked for after the abort is already aborted', () => {
  const lazy = new LazyAbort();
  lazy.abort();
  expect(lazy.signal.aborted).toBe(true);
});
