// One connection to FerretDB for all the instances of one process
// (`START_REPLICAS=2` without MONGODB_URI).
//
// FerretDB v1 does not make an update of one document atomic against another
// update of it arriving on another connection: it reads the document, applies
// the update and writes it back, so of two concurrent updates one can be lost
// (`npm run measure:ferretdb-races`; two instances of the directory lost a
// person's change that way, its outbox event with it). It serves one
// connection's requests in order, which is why a process holds one connection.
// Two instances are two connections — so `npm start` passes theirs through
// this funnel: the MongoDB wire protocol's messages of every client connection,
// forwarded in arrival order on one connection, with request ids of its own;
// each reply goes back to the connection that asked, under the id it used.
// MongoDB (production, MONGODB_URI) needs none of this: its single-document
// updates are atomic whatever the connection.
//
// Wire format (MongoDB's "Message Header"): int32 messageLength, requestID,
// responseTo, opCode, little-endian; OP_MSG (2013) flagBits follow, where bit 1
// (moreToCome) marks a request without a reply, or a reply with more to come.
import net from 'node:net';
import mongoose from 'mongoose';

const { BSON } = mongoose.mongo;

const HEADER = 16;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 0b10;

interface Asker {
  client: net.Socket;
  /** The id the client gave its request. */
  requestId: number;
}

/** Frames the messages of a byte stream. */
class Framer {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer, onMessage: (message: Buffer) => void): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readInt32LE(0);
      if (length < HEADER) throw new Error(`not a MongoDB message (length ${length})`);
      if (this.#buffer.length < length) return;
      // A copy: the message's header is rewritten, and the stream's buffer is not ours to change.
      onMessage(Buffer.from(this.#buffer.subarray(0, length)));
      this.#buffer = this.#buffer.subarray(length);
    }
  }
}

const HELLO = ['hello', 'isMaster', 'ismaster'];

/**
 * The message without the client metadata of a handshake: each connection's
 * driver sends its own, and FerretDB takes it in the connection's first hello
 * only (ClientMetadataCannotBeMutated after that). Other messages come back as they are.
 */
function withoutClientMetadata(message: Buffer): Buffer {
  const opCode = message.readInt32LE(12);
  let at: number;
  if (opCode === OP_MSG) {
    if (message.readUInt8(HEADER + 4) !== 0) return message; // the command document is section 0, first
    at = HEADER + 5;
  } else if (opCode === OP_QUERY) {
    const nameEnd = message.indexOf(0, HEADER + 4);
    if (!message.toString('latin1', HEADER + 4, nameEnd).endsWith('.$cmd')) return message;
    at = nameEnd + 1 + 8;
  } else return message;
  const length = message.readInt32LE(at);
  const command = BSON.deserialize(message.subarray(at, at + length), { promoteLongs: false, promoteValues: false, promoteBuffers: false });
  if (!HELLO.includes(Object.keys(command)[0] ?? '') || !('client' in command)) return message;
  delete command['client'];
  const body = BSON.serialize(command);
  const rebuilt = Buffer.concat([message.subarray(0, at), body, message.subarray(at + length)]);
  rebuilt.writeInt32LE(rebuilt.length, 0);
  return rebuilt;
}

const moreToCome = (message: Buffer) => message.readInt32LE(12) === OP_MSG && (message.readUInt32LE(HEADER) & MORE_TO_COME) !== 0;

export class MongoFunnel {
  readonly #upstreamPort: number;
  readonly #upstreamHost: string;
  readonly #server: net.Server;
  readonly #clients = new Set<net.Socket>();
  /** Requests on the way, by the id the funnel gave them. */
  readonly #asked = new Map<number, Asker>();
  /** Replies with more to come, by the id the server gave them (the next one answers it). */
  readonly #streams = new Map<number, Asker>();
  #upstream: net.Socket | undefined;
  #nextId = 1;

  constructor(upstream: { host: string; port: number }) {
    this.#upstreamHost = upstream.host;
    this.#upstreamPort = upstream.port;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  /** Listens on a free port of 127.0.0.1; answers it. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve((this.#server.address() as net.AddressInfo).port));
    });
  }

  #accept(client: net.Socket): void {
    this.#clients.add(client);
    const framer = new Framer();
    client.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, (message) => this.#forward(client, message));
      } catch {
        client.destroy();
      }
    });
    client.on('error', () => client.destroy());
    client.once('close', () => {
      this.#clients.delete(client);
      for (const waiting of [this.#asked, this.#streams])
        for (const [id, asker] of waiting) if (asker.client === client) waiting.delete(id);
    });
  }

  #forward(client: net.Socket, received: Buffer): void {
    // The upstream connection's first handshake keeps its metadata; later ones (other clients') lose theirs.
    const first = !this.#upstream || this.#upstream.destroyed;
    const message = first ? received : withoutClientMetadata(received);
    const id = this.#nextId;
    this.#nextId = this.#nextId >= 0x7fff_ffff ? 1 : this.#nextId + 1;
    const requestId = message.readInt32LE(4);
    message.writeInt32LE(id, 4);
    if (!moreToCome(message)) this.#asked.set(id, { client, requestId });
    this.#connection().write(message);
  }

  /** The one connection to FerretDB, opened when first needed; when it goes, every client goes too (their drivers reconnect). */
  #connection(): net.Socket {
    if (this.#upstream && !this.#upstream.destroyed) return this.#upstream;
    const upstream = net.connect({ host: this.#upstreamHost, port: this.#upstreamPort });
    upstream.setNoDelay(true);
    const framer = new Framer();
    upstream.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, (reply) => this.#reply(reply));
      } catch {
        upstream.destroy();
      }
    });
    upstream.on('error', () => upstream.destroy());
    upstream.once('close', () => {
      if (this.#upstream === upstream) this.#upstream = undefined;
      this.#asked.clear();
      this.#streams.clear();
      for (const client of this.#clients) client.destroy();
    });
    this.#upstream = upstream;
    return upstream;
  }

  #reply(reply: Buffer): void {
    const answers = reply.readInt32LE(8);
    const asker = this.#asked.get(answers) ?? this.#streams.get(answers);
    this.#asked.delete(answers);
    this.#streams.delete(answers);
    if (!asker) return; // its client is gone
    // More replies to come answer this one's id (an exhaust cursor, a streamed hello).
    if (moreToCome(reply)) this.#streams.set(reply.readInt32LE(4), asker);
    reply.writeInt32LE(asker.requestId, 8);
    if (!asker.client.destroyed) asker.client.write(reply);
  }

  close(): Promise<void> {
    for (const client of this.#clients) client.destroy();
    this.#upstream?.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
