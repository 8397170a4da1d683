import type { LookupAddress } from "node:dns";
import { Resolver } from "node:dns/promises";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { isIPv4 } from "node:net";
import dns2 from "dns2";

const require = createRequire(import.meta.url);
const dnsPromises: typeof import("node:dns/promises") = require("node:dns/promises");

/** What a name answers: a fixed list, or one list per A query in turn (the last one repeats). */
type Answer = string[] | { sequence: string[][] };

/**
 * A real DNS server (dns2, UDP on 127.0.0.1) with a zone the test changes at will, and the host's
 * resolver pointed at it for names under `.test` (RFC 6761 reserves that TLD, so no real name is
 * shadowed). getaddrinfo cannot be aimed at another server without editing /etc/resolv.conf, so
 * `dns.promises.lookup` — what the SSRF guard calls at registration and inside every delivery
 * connection — is wrapped for `.test` names only: they are resolved over the wire (A and AAAA,
 * TTL 0, a fresh resolver per lookup so nothing is cached), every other name goes to the system
 * lookup as before.
 */
export const startTestDns = async () => {
  const zone = new Map<string, Answer>();
  const aQueries = new Map<string, number>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = dns2.Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name.toLowerCase() ?? "";
      const answer = zone.get(name);
      if (!question || !answer) {
        response.header.rcode = 3; // NXDOMAIN
        return send(response);
      }
      let addresses: string[];
      if (Array.isArray(answer)) addresses = answer;
      else {
        const n = aQueries.get(name) ?? 0;
        addresses = answer.sequence[Math.min(n, answer.sequence.length - 1)]!;
      }
      if (question.type === dns2.Packet.TYPE.A) aQueries.set(name, (aQueries.get(name) ?? 0) + 1);
      const wantV4 = question.type === dns2.Packet.TYPE.A;
      for (const address of addresses) {
        if (isIPv4(address) !== wantV4) continue;
        response.answers.push({
          name: question.name,
          type: question.type,
          class: dns2.Packet.CLASS.IN,
          ttl: 0,
          address,
        } as unknown as (typeof response.answers)[number]);
      }
      send(response);
    },
  });
  const listening = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  const nameserver = `127.0.0.1:${(listening.udp as { port: number }).port}`;

  const overWire = async (host: string): Promise<LookupAddress[]> => {
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([nameserver]);
    const family = async (query: Promise<string[]>, n: 4 | 6) => {
      try {
        return (await query).map((address) => ({ address, family: n }));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENODATA" || code === "ENOTFOUND") return [];
        throw error;
      }
    };
    const addresses = [
      ...(await family(resolver.resolve4(host), 4)),
      ...(await family(resolver.resolve6(host), 6)),
    ];
    if (addresses.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${host}`);
      error.code = "ENOTFOUND";
      throw error;
    }
    return addresses;
  };

  const systemLookup = dnsPromises.lookup;
  const hooked = (async (host: string, options?: { all?: boolean }) => {
    if (!host.toLowerCase().endsWith(".test")) return systemLookup(host, options as never);
    const addresses = await overWire(host);
    return options?.all ? addresses : addresses[0];
  }) as typeof dnsPromises.lookup;
  dnsPromises.lookup = hooked;
  syncBuiltinESMExports();

  return {
    /** Sets what `name` resolves to from now on. */
    answer: (name: string, answer: Answer) => {
      zone.set(name.toLowerCase(), answer);
      aQueries.delete(name.toLowerCase());
    },
    /** How many A queries the server has answered for `name` since its answer was last set. */
    aQueries: (name: string) => aQueries.get(name.toLowerCase()) ?? 0,
    close: async () => {
      dnsPromises.lookup = systemLookup;
      syncBuiltinESMExports();
      await server.close();
    },
  };
};
