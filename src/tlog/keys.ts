/**
 * @module tlog/keys
 * Ed25519 keys in the C2SP signed-note encodings: key IDs, verifier keys (`name+hexid+base64(type||key)`)
 * and signer keys (`PRIVATE+KEY+name+hexid+base64(type||seed)`, the golang.org/x/mod/sumdb/note form).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { fromBase64, sha256 } from './hash.js';

/** Signature types of signed-note key IDs (reference a.4). */
export const SIG_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 } as const;

/** A verifier key: the name, its 4-byte key ID, the signature type and the raw public key. */
export interface VerifierKey {
  name: string;
  keyId: number;
  type: number;
  publicKey: Buffer;
  /** The node:crypto key for verifying. */
  key: KeyObject;
}

/** A signer key: the verifier half plus the private key. */
export interface SignerKey extends VerifierKey {
  seed: Buffer;
  privateKey: KeyObject;
}

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A key name is non-empty with no Unicode spaces and no `+` (signed-note v1.0.0). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);
}

/** Key ID = first 4 bytes (big-endian) of SHA-256(name || 0x0A || type || public key). */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): number {
  const h = sha256(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), publicKey]));
  return h.readUInt32BE(0);
}

/** Raw 32-byte Ed25519 public key as a node:crypto key. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Raw 32-byte Ed25519 seed as a node:crypto private key. */
export function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Ed25519 signature of a message. */
export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, privateKey);
}

/** Ed25519 verification (false for any malformed signature). */
export function ed25519Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

function rawPublicFromPrivate(privateKey: KeyObject): Buffer {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** Build a signer from a name, a type and a 32-byte seed. */
export function signerFromSeed(name: string, seed: Uint8Array, type: number = SIG_TYPE.ed25519): SignerKey {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
  const privateKey = ed25519PrivateKey(seed);
  const publicKey = rawPublicFromPrivate(privateKey);
  return {
    name,
    type,
    publicKey,
    keyId: keyIdOf(name, type, publicKey),
    key: ed25519PublicKey(publicKey),
    seed: Buffer.from(seed),
    privateKey,
  };
}

/** Generate a fresh Ed25519 signer (type 0x01 for logs and actors, 0x04 for witness cosigners). */
export function generateSigner(name: string, type: number = SIG_TYPE.ed25519): SignerKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return signerFromSeed(name, der.subarray(der.length - 32), type);
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

/** Encode a verifier key: `name+hexid+base64(type || public key)`. */
export function formatVerifierKey(k: Pick<VerifierKey, 'name' | 'keyId' | 'type' | 'publicKey'>): string {
  return `${k.name}+${hex8(k.keyId)}+${Buffer.concat([Buffer.from([k.type]), k.publicKey]).toString('base64')}`;
}

/** Encode a signer key: `PRIVATE+KEY+name+hexid+base64(type || seed)`. */
export function formatSignerKey(k: SignerKey): string {
  return `PRIVATE+KEY+${k.name}+${hex8(k.keyId)}+${Buffer.concat([Buffer.from([k.type]), k.seed]).toString('base64')}`;
}

/** Result of parsing a key: the key, or a message saying what is wrong. */
export type KeyParse<T> = { ok: true; key: T } | { ok: false; message: string };

/**
 * Parse a verifier key. Splits on the first two `+` only: the base64 part may itself contain `+`
 * (reference a.4, the Tessera test key).
 *
 * @example
 * parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k')
 */
export function parseVerifierKey(text: string): KeyParse<VerifierKey> {
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  if (a < 0 || b < 0) return { ok: false, message: 'a verifier key has the form name+hexid+base64key' };
  const name = text.slice(0, a);
  const idHex = text.slice(a + 1, b);
  if (!isValidKeyName(name)) return { ok: false, message: `invalid key name ${JSON.stringify(name)}` };
  if (!/^[0-9a-f]{8}$/.test(idHex))
    return { ok: false, message: 'the key ID must be 8 lowercase hex digits' };
  const raw = fromBase64(text.slice(b + 1));
  if (!raw || raw.length < 2) return { ok: false, message: 'the key material is not valid base64' };
  const type = raw[0]!;
  const publicKey = raw.subarray(1);
  if (type !== SIG_TYPE.ed25519 && type !== SIG_TYPE.cosignatureV1) {
    return { ok: false, message: `unsupported signature type 0x${type.toString(16).padStart(2, '0')}` };
  }
  if (publicKey.length !== 32) return { ok: false, message: 'an Ed25519 public key has 32 bytes' };
  const keyId = Number.parseInt(idHex, 16);
  if (keyIdOf(name, type, publicKey) !== keyId) {
    return { ok: false, message: 'the key ID does not match the name and key' };
  }
  return {
    ok: true,
    key: { name, keyId, type, publicKey: Buffer.from(publicKey), key: ed25519PublicKey(publicKey) },
  };
}

/** Parse a signer key `PRIVATE+KEY+name+hexid+base64(type || seed)`. */
export function parseSignerKey(text: string): KeyParse<SignerKey> {
  const t = text.trim();
  if (!t.startsWith('PRIVATE+KEY+')) return { ok: false, message: 'a signer key starts with PRIVATE+KEY+' };
  const rest = t.slice('PRIVATE+KEY+'.length);
  const a = rest.indexOf('+');
  const b = a < 0 ? -1 : rest.indexOf('+', a + 1);
  if (a < 0 || b < 0)
    return { ok: false, message: 'a signer key has the form PRIVATE+KEY+name+hexid+base64' };
  const name = rest.slice(0, a);
  const raw = fromBase64(rest.slice(b + 1));
  if (!isValidKeyName(name)) return { ok: false, message: `invalid key name ${JSON.stringify(name)}` };
  if (raw?.length !== 33) return { ok: false, message: 'the key material must be base64 of 33 bytes' };
  const signer = signerFromSeed(name, raw.subarray(1), raw[0]!);
  if (signer.keyId !== Number.parseInt(rest.slice(a + 1, b), 16)) {
    return { ok: false, message: 'the key ID does not match the name and key' };
  }
  return { ok: true, key: signer };
}
