/**
 * A raw WebSocket client written on `net`: it does the HTTP upgrade and then writes frames byte
 * by byte, so the fuzzer can send what no well-behaved library would (invalid UTF-8 in text
 * frames, reserved opcodes and bits, unmasked frames, lies in the length field).
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * WebSocket opcodes (RFC 6455 §5.2); 3–7 and 11–15 are reserved, which the fuzzer uses too.
 * @example
 * encodeFrame({ opcode: Opcode.binary, payload: Buffer.from([1, 2]) });
 */
export const Opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/**
 * One frame to encode; every field a well-behaved client would never vary can be varied.
 * @example
 * encodeFrame({ opcode: Opcode.text, payload: Buffer.from('{}'), rsv: 4, mask: false });
 */
export interface FrameOptions {
  opcode: number;
  payload: Buffer;
  /** FIN bit; default true. */
  fin?: boolean;
  /** Client frames must be masked; false sends a protocol violation. Default true. */
  mask?: boolean;
  /** RSV1–3 bits (0–7); non-zero without an extension is a violation. Default 0. */
  rsv?: number;
}

/**
 * Encode one WebSocket frame as a client would put it on the wire.
 * @example
 * socket.write(encodeFrame({ opcode: Opcode.text, payload: Buffer.from('{}') }));
 */
export function encodeFrame(options: FrameOptions): Buffer {
  const { opcode, payload, fin = true, mask = true, rsv = 0 } = options;
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f);
  header[1] = (mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  key.copy(header, 2 + lenBytes);
  const body = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) body[i] = (payload[i] as number) ^ (key[i & 3] as number);
  return Buffer.concat([header, body]);
}

/**
 * An upgraded raw socket; incoming bytes are drained and counted, not parsed.
 * @example
 * const raw: RawWebSocket = await openRawWebSocket(port); await raw.closed;
 */
export interface RawWebSocket {
  readonly socket: Socket;
  /** Bytes received from the server so far (welcome, answers, close frames). */
  readonly received: () => number;
  /** Resolves once the TCP connection is gone, whoever closed it. */
  readonly closed: Promise<void>;
  readonly isOpen: () => boolean;
  /** Write bytes, waiting for the kernel buffer to drain; false when the socket is gone. */
  write(bytes: Buffer): Promise<boolean>;
  destroy(): void;
}

/**
 * Open a TCP connection and perform the WebSocket upgrade by hand.
 * @example
 * const raw = await openRawWebSocket(port);
 * raw.write(encodeFrame({ opcode: Opcode.text, payload: Buffer.from([0xc3, 0x28]) }));
 */
export function openRawWebSocket(port: number, host = '127.0.0.1'): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    let open = true;
    let receivedBytes = 0;
    let upgraded = false;
    let head = '';
    const closed = new Promise<void>((done) => socket.once('close', () => ((open = false), done())));
    socket.on('error', (err) => {
      if (!upgraded) reject(err);
    });
    socket.once('connect', () => {
      socket.write(
        `GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      receivedBytes += chunk.length;
      if (upgraded) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${head.split('\r\n')[0] ?? ''}`));
        return;
      }
      upgraded = true;
      resolve({
        socket,
        received: () => receivedBytes,
        closed,
        isOpen: () => open && !socket.destroyed && socket.writable,
        write: (bytes) => {
          if (!open || !socket.writable) return Promise.resolve(false);
          if (socket.write(bytes)) return Promise.resolve(true);
          return new Promise<boolean>((done) => {
            const finish = (ok: boolean) => () => {
              socket.off('drain', onDrain);
              socket.off('close', onClose);
              done(ok);
            };
            const onDrain = finish(true);
            const onClose = finish(false);
            socket.once('drain', onDrain);
            socket.once('close', onClose);
          });
        },
        destroy: () => socket.destroy(),
      });
    });
    closed.then(() => {
      if (!upgraded) reject(new Error('closed before the upgrade'));
    });
  });
}
