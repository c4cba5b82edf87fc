/**
 * @module server/assess/upload
 * What the assessment service knows about an upload before reading it: the body and its headers, the
 * client it counts against, the size it announces and the name it may be shown by.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Who } from '../assess-limits.js';

/** An upload's body as it arrives: Node's request, or any byte stream with the request's headers. */
export type UploadBody = Readable & { headers: IncomingHttpHeaders; complete?: boolean };

/** Who is uploading: the key limits count by (account or address) and the class. */
export interface UploadClient {
  key: string;
  who: Who;
}

/** The request's Content-Length, when it has a valid one. */
export function contentLength(incoming: UploadBody): number | undefined {
  const h = incoming.headers['content-length'];
  return h !== undefined && /^\d{1,15}$/.test(h) ? Number(h) : undefined;
}

/** A digest of the client key: limits count per client without the store keeping who it is. */
export function clientDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A file name fit to show: no path, no control characters, at most 200 characters. */
export function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  return clean === '' ? 'upload.csv' : clean;
}
