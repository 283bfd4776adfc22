/**
 * Offsets → file line/column, and text that remembers where each of its characters came from.
 *
 * The reader works on the file text with the BOM removed; every offset below is into that text.
 * Lines end at `\n`, `\r\n` or a lone `\r` (what editors show); columns count UTF-16 code units.
 */
import type { SourceLocation } from './diagnostics.js';

export class LineIndex {
  /** Offset at which each line starts. */
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    const starts = this.starts;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! + 1 };
  }

  location(offset: number): SourceLocation {
    return { file: this.file, ...this.position(offset) };
  }

  /** Offset of a (line, column) counted the way fast-xml-parser counts them (lines end at `\n` only). */
  offsetOfLfPosition(line: number, column: number): number {
    let offset = 0;
    for (let l = 1; l < line; l++) {
      const next = this.text.indexOf('\n', offset);
      if (next < 0) return this.text.length;
      offset = next + 1;
    }
    return Math.min(offset + Math.max(0, column - 1), this.text.length);
  }
}

/**
 * A string built from pieces of the file, with a map from each character back to a file offset.
 * A piece is either copied (each character maps to its own offset) or collapsed (every character maps
 * to one offset: a decoded entity maps to its `&`, a substituted named value to its `{{`).
 */
export class MappedText {
  private parts: string[] = [];
  private length = 0;
  /** Parallel arrays, one entry per piece: where it starts in this text, in the file, and how it maps. */
  private readonly textStarts: number[] = [];
  private readonly fileStarts: number[] = [];
  private readonly collapsed: boolean[] = [];
  private joined: string | undefined;
  /** File offset just after the last character appended (for positions at the very end). */
  private endOffset = 0;

  get text(): string {
    if (this.joined === undefined) {
      this.joined = this.parts.join('');
      this.parts = [this.joined];
    }
    return this.joined;
  }

  get size(): number {
    return this.length;
  }

  /** Appends `piece`; copied pieces map character by character from `fileOffset`. */
  append(piece: string, fileOffset: number, collapsed: boolean, fileEnd?: number): void {
    if (piece.length === 0) return;
    const last = this.textStarts.length - 1;
    // Merge with the previous copied piece when contiguous, keeping the map small.
    const contiguous =
      !collapsed &&
      last >= 0 &&
      !this.collapsed[last] &&
      this.fileStarts[last]! + (this.length - this.textStarts[last]!) === fileOffset;
    if (!contiguous) {
      this.textStarts.push(this.length);
      this.fileStarts.push(fileOffset);
      this.collapsed.push(collapsed);
    }
    this.parts.push(piece);
    this.joined = undefined;
    this.length += piece.length;
    this.endOffset = fileEnd ?? (collapsed ? fileOffset : fileOffset + piece.length);
  }

  /** File offset of the character at `offset` in this text (`offset` may equal the length). */
  fileOffset(offset: number): number {
    if (this.textStarts.length === 0) return this.endOffset;
    if (offset >= this.length) return this.endOffset;
    let lo = 0;
    let hi = this.textStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.textStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const base = this.fileStarts[lo]!;
    return this.collapsed[lo] ? base : base + (offset - this.textStarts[lo]!);
  }

  /** The characters [start, end) with their map. */
  slice(start: number, end: number): MappedText {
    const out = new MappedText();
    const text = this.text;
    let i = start;
    while (i < end) {
      const piece = this.pieceAt(i);
      const pieceEnd = Math.min(end, piece + 1 < this.textStarts.length ? this.textStarts[piece + 1]! : this.length);
      out.append(text.slice(i, pieceEnd), this.fileOffset(i), this.collapsed[piece]!);
      i = pieceEnd;
    }
    out.endOffset = this.fileOffset(end);
    return out;
  }

  /** Calls `fn` for each piece, in order. */
  forEachPiece(fn: (chunk: string, fileOffset: number, collapsed: boolean) => void): void {
    const text = this.text;
    for (let p = 0; p < this.textStarts.length; p++) {
      const end = p + 1 < this.textStarts.length ? this.textStarts[p + 1]! : this.length;
      fn(text.slice(this.textStarts[p]!, end), this.fileStarts[p]!, this.collapsed[p]!);
    }
  }

  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.textStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.textStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Sets where the end of this text lies in the file (used for empty texts). */
  setEnd(fileOffset: number): void {
    this.endOffset = fileOffset;
  }
}
