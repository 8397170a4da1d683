import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isIP } from "node:net";
import { type Coded, coded } from "@atensi/contracts";
import ipaddr from "ipaddr.js";

/**
 * SSRF guard for webhook endpoints (DESIGN §6). An endpoint must be HTTPS on a public address:
 * private, loopback, link-local (incl. the 169.254.169.254 metadata service), unique-local,
 * carrier-grade NAT, multicast and reserved ranges are refused, IPv4-mapped IPv6 included. The
 * check runs at registration and again inside the connection's own DNS lookup at delivery, so
 * a name that later resolves elsewhere (DNS rebinding) is caught on the address actually used.
 *
 * `ATENSI_WEBHOOK_ALLOW_HOSTS` (comma-separated host names, for local development only) lets
 * listed hosts through, over plain HTTP too.
 */
export const allowListedHosts = () =>
  new Set(
    (process.env.ATENSI_WEBHOOK_ALLOW_HOSTS ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );

export const isPublicAddress = (address: string) => {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
};

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "").toLowerCase();

/** Why the URL may not be a webhook endpoint, or undefined when it may. */
export const urlProblem = async (raw: string): Promise<Coded | undefined> => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return coded("format", "Not a URL", { format: "url" });
  }
  const host = hostOf(url);
  const allowed = allowListedHosts().has(host);
  if (url.protocol !== "https:" && !(allowed && url.protocol === "http:"))
    return coded("https", "Use an https:// URL");
  if (url.username || url.password) return coded("url_credentials", "Credentials do not belong in the URL");
  if (url.hash) return coded("url_fragment", "A URL fragment is not sent to servers; remove it");
  if (allowed) return undefined;
  if (isIP(host))
    return isPublicAddress(host)
      ? undefined
      : coded("url_private", "The address is private, loopback or link-local");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal")) {
    return coded("url_private", "The host is not public");
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return coded("url_resolve", "The host name does not resolve");
  }
  if (addresses.length === 0) return coded("url_resolve", "The host name does not resolve");
  if (addresses.some((a) => !isPublicAddress(a.address))) {
    return coded("url_private", "The host resolves to a private, loopback or link-local address");
  }
  return undefined;
};

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The DNS lookup every delivery connection uses: resolves, then refuses the connection unless
 * every address is public (or the host is allow-listed).
 */
const guardedLookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  lookup(host, { all: true, verbatim: true }).then(
    (addresses) => {
      if (!allowListedHosts().has(host) && addresses.some((a) => !isPublicAddress(a.address))) {
        const error: NodeJS.ErrnoException = new Error(`Refused: ${host} resolves to a non-public address`);
        error.code = "ESSRF";
        callback(error, []);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    },
    (error) => callback(error, []),
  );
};

/**
 * Connection pools for deliveries (Node's own http/https: no extra bundle weight in Lambda).
 * Every new connection resolves through `guardedLookup`; redirects are never followed, since
 * node:http does not follow them at all.
 */
let agents: { http: HttpAgent; https: HttpsAgent } | undefined;
export const deliveryAgents = () => {
  agents ??= {
    http: new HttpAgent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup as never }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup as never }),
  };
  return agents;
};

export { guardedLookup };
