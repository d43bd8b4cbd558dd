/**
 * A TCP proxy a check puts between app processes and PostgreSQL, to make the database unreachable
 * and bring it back on the same address without touching the server: `cut()` drops every open
 * connection and refuses new ones (ECONNREFUSED, as with a stopped server), `restore()` listens again.
 */
import { once } from "node:events";
import net from "node:net";

export interface TcpProxy {
  /** The proxy's address in place of the server's: same user and database. */
  url: string;
  cut: () => Promise<void>;
  restore: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once("error", () => upstream.destroy());
    upstream.once("error", () => client.destroy());
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
  });
  const listen = async (port: number) => {
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return (server.address() as net.AddressInfo).port;
  };
  const port = await listen(0);
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;

  const cut = async () => {
    if (!server.listening) return;
    const closed = once(server, "close");
    server.close();
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return { url: url.toString(), cut, restore: async () => void (server.listening || (await listen(port))), close: cut };
}
