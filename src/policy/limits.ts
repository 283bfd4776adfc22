/**
 * The reader's limits: what a policy file may hold before it is refused with a located diagnostic
 * instead of being read. They are checked before anything is built (the file size before the file is
 * read, the counts and the depth in the pre-pass, before fast-xml-parser sees the text), so reading any
 * input costs time and memory in proportion to the limits, not to the input. Every later walk of the
 * tree recurses at most `depth` levels (plus one fragment's, which cannot include another).
 *
 * APIM itself refuses policy documents over 512 KiB (16 KiB on the Consumption tier; 256 KiB in older
 * revisions of its limits page) and fragments over 32 KB; these limits sit well above that, so that no
 * policy APIM accepts is refused, and only input no service would take is.
 */
export const READER_LIMITS = {
  /** File size in bytes (UTF-8): 4 MiB, eight times APIM's largest policy document. */
  fileBytes: 4 * 1024 * 1024,
  /** Elements and CDATA sections in one file. */
  nodes: 100_000,
  /** Attributes on one element (APIM's richest policy, validate-jwt, has about a dozen). */
  attributesPerElement: 256,
  /** Attributes in one file. */
  attributes: 100_000,
  /** Element nesting depth. */
  depth: 200,
} as const;

/** `4.0 MiB`, `812 KiB`, `96 bytes`: sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** The message of OH126, naming the size and the limit. */
export function fileTooLargeMessage(bytes: number): string {
  return `the file is ${formatBytes(bytes)}, more than the reader's limit of ${formatBytes(READER_LIMITS.fileBytes)} (APIM itself accepts policy documents up to 512 KiB): is this a policy file?`;
}

/** UTF-8 size of `text`, counted only when it could exceed the limit (a character is at most 3 bytes). */
export function textTooLarge(text: string): number | undefined {
  if (text.length * 3 <= READER_LIMITS.fileBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > READER_LIMITS.fileBytes ? bytes : undefined;
}
