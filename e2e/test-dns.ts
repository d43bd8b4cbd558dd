import { createSocket, type RemoteInfo } from "node:dgram";

/**
 * A DNS server the tests control, answering TXT queries (RFC 1035 §4.1) from a zone the spec fills.
 * The e2e server asks it through REKEY_DNS_SERVERS (scripts/e2e-server.mjs): UDP on 127.0.0.1 at
 * the same number as the app's TCP port, so each checkout's suite has its own without another
 * variable. Anything not in the zone is NXDOMAIN.
 */
export const testDnsPort = Number(process.env.E2E_PORT ?? "3100");

const TXT = 16;

function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  while (message[at]! > 0) {
    labels.push(message.subarray(at + 1, at + 1 + message[at]!).toString("latin1"));
    at += 1 + message[at]!;
  }
  return { name: labels.join(".").toLowerCase(), end: at + 1 };
}

function answer(query: Buffer, zone: Map<string, string>): Buffer {
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const value = type === TXT ? zone.get(name) : undefined;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  // QR, AA and the query's RD; RCODE 3 (NXDOMAIN) when the zone has no such record.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (value === undefined ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(value === undefined ? 0 : 1, 6);
  if (value === undefined) return Buffer.concat([header, question]);
  const text = Buffer.from(value, "latin1");
  const record = Buffer.alloc(12);
  record.writeUInt16BE(0xc00c, 0); // the question's name (message compression, §4.1.4)
  record.writeUInt16BE(TXT, 2);
  record.writeUInt16BE(1, 4); // IN
  record.writeUInt32BE(0, 6); // TTL 0: every lookup asks again
  record.writeUInt16BE(text.length + 1, 10);
  return Buffer.concat([header, question, record, Buffer.from([text.length]), text]);
}

export async function startTestDns() {
  const zone = new Map<string, string>();
  const socket = createSocket("udp4");
  socket.on("message", (query: Buffer, from: RemoteInfo) => {
    socket.send(answer(query, zone), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(testDnsPort, "127.0.0.1", resolve));
  return {
    /** Publishes one TXT record (a single character-string, under 256 bytes). */
    publishTxt: (name: string, value: string) => zone.set(name.toLowerCase(), value),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
