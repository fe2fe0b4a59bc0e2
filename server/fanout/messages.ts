import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { parseRoomName, type RoomName } from '../../model/index.ts';

/**
 * What the processes of one deployment say to each other over Redis pub/sub (README.md in this
 * folder): the channels, under one prefix, and the binary messages on them (lib0 encoding, the
 * same varints as the y-protocols frames they carry). Every message starts with the format's
 * version and the sender's process id, so a process skips its own and what it cannot read.
 */
export const FORMAT_VERSION = 1;

/** An update another process appended: the row as stored, under its sequence number. */
export type UpdateMessage = { process: string; seq: number; update: Uint8Array };

/** Presence: a y-protocols awareness update of the sender's clients in the room (their states, or their removal). */
export type PresenceMessage = { process: string; update: Uint8Array };

/**
 * A process's heartbeat (`alive`, with the highest sequence number it knows of per room it has
 * loaded, so a process that missed the last message of a quiet room learns of it); `hello`: it
 * (re)connected and may have missed presence, every other process sends its clients' states;
 * `bye`: it stopped, its clients' presence goes at once.
 */
export type ProcessMessage =
  | { process: string; kind: 'alive'; seqs: ReadonlyArray<readonly [RoomName, number]> }
  | { process: string; kind: 'hello' }
  | { process: string; kind: 'bye' };

export type Channel = { kind: 'doc' | 'presence'; room: RoomName } | { kind: 'process' };

/** The channels under a prefix (REDIS_PREFIX): `<prefix>doc:<room>`, `<prefix>presence:<room>`, `<prefix>process`. */
export class Channels {
  /** What a process subscribes to: every channel of the deployment (psubscribe). */
  readonly pattern: string;
  readonly process: string;

  constructor(readonly prefix: string) {
    this.pattern = `${prefix}*`;
    this.process = `${prefix}process`;
  }

  doc(room: RoomName): string {
    return `${this.prefix}doc:${room}`;
  }

  presence(room: RoomName): string {
    return `${this.prefix}presence:${room}`;
  }

  /** What a channel is, or null for one of no room of ours (another deployment whose prefix starts with ours). */
  parse(channel: string): Channel | null {
    if (!channel.startsWith(this.prefix)) return null;
    const rest = channel.slice(this.prefix.length);
    if (rest === 'process') return { kind: 'process' };
    const colon = rest.indexOf(':');
    const kind = rest.slice(0, colon);
    const room = parseRoomName(rest.slice(colon + 1));
    return colon > 0 && room && (kind === 'doc' || kind === 'presence') ? { kind, room } : null;
  }
}

const PROCESS_KINDS = ['alive', 'hello', 'bye'] as const;

function start(process: string): encoding.Encoder {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, FORMAT_VERSION);
  encoding.writeVarString(e, process);
  return e;
}

/** The decoder after the header, and the sender; null for another version of the format. */
function header(data: Uint8Array): { d: decoding.Decoder; process: string } | null {
  const d = decoding.createDecoder(data);
  if (decoding.readVarUint(d) !== FORMAT_VERSION) return null;
  return { d, process: decoding.readVarString(d) };
}

export function encodeUpdateMessage(m: UpdateMessage): Uint8Array {
  const e = start(m.process);
  encoding.writeVarUint(e, m.seq);
  encoding.writeVarUint8Array(e, m.update);
  return encoding.toUint8Array(e);
}

export function decodeUpdateMessage(data: Uint8Array): UpdateMessage | null {
  const h = header(data);
  if (!h) return null;
  const seq = decoding.readVarUint(h.d);
  return { process: h.process, seq, update: decoding.readVarUint8Array(h.d) };
}

export function encodePresenceMessage(m: PresenceMessage): Uint8Array {
  const e = start(m.process);
  encoding.writeVarUint8Array(e, m.update);
  return encoding.toUint8Array(e);
}

export function decodePresenceMessage(data: Uint8Array): PresenceMessage | null {
  const h = header(data);
  return h ? { process: h.process, update: decoding.readVarUint8Array(h.d) } : null;
}

export function encodeProcessMessage(m: ProcessMessage): Uint8Array {
  const e = start(m.process);
  encoding.writeVarUint(e, PROCESS_KINDS.indexOf(m.kind));
  if (m.kind === 'alive') {
    encoding.writeVarUint(e, m.seqs.length);
    for (const [room, seq] of m.seqs) {
      encoding.writeVarString(e, room);
      encoding.writeVarUint(e, seq);
    }
  }
  return encoding.toUint8Array(e);
}

export function decodeProcessMessage(data: Uint8Array): ProcessMessage | null {
  const h = header(data);
  if (!h) return null;
  const kind = PROCESS_KINDS[decoding.readVarUint(h.d)];
  if (kind === 'bye' || kind === 'hello') return { process: h.process, kind };
  if (kind !== 'alive') return null;
  const seqs: Array<[RoomName, number]> = [];
  for (let n = decoding.readVarUint(h.d); n > 0; n--) {
    const room = parseRoomName(decoding.readVarString(h.d));
    const seq = decoding.readVarUint(h.d);
    if (room) seqs.push([room, seq]);
  }
  return { process: h.process, kind, seqs };
}
