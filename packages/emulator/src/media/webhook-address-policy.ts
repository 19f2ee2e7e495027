/**
 * Where the emulator may send a webhook. A webhook URL is chosen by whoever creates the channel,
 * and the auth webhook's outcome reaches the connecting client: without a rule the emulator would
 * fetch cloud metadata (credentials) or probe the host's link-local network for anyone holding a
 * token. Link-local addresses and the clouds' metadata services are refused unless the operator
 * allows them (`--allow-internal-webhooks`); loopback and private networks stay allowed, since a
 * developer's webhook usually runs on the same machine or LAN.
 *
 * Names are resolved here and the address checked is the one connected to (`lookup` is handed to
 * the HTTP request), so a name that resolves to a metadata address, or one that changes its
 * answer between a check and the connection, never gets through.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Resolves a host name to every address it has (the system resolver's answer by default). */
export type ResolveHost = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

const systemResolve: ResolveHost = (hostname, options) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** Host names of metadata services that may resolve differently inside a cloud. */
const METADATA_HOST_NAMES = new Set(['metadata.google.internal', 'metadata.goog']);

function refusedAddresses(): BlockList {
  const list = new BlockList();
  // link-local: AWS, Azure, GCP and OpenStack metadata (169.254.169.254), ECS task metadata (169.254.170.2)
  list.addSubnet('169.254.0.0', 16, 'ipv4');
  list.addSubnet('fe80::', 10, 'ipv6');
  list.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
  list.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
  list.addAddress('192.0.0.192', 'ipv4'); // Oracle Cloud metadata
  return list;
}

/** A webhook URL the policy refuses; the message is for the log, never for a client. */
export class WebhookAddressRefusedError extends Error {
  /** The error's name, as logs show it. */
  override readonly name = 'WebhookAddressRefusedError';
}

export class WebhookAddressPolicy {
  /** Whether link-local and cloud metadata addresses are allowed (--allow-internal-webhooks). */
  readonly allowInternal: boolean;
  private readonly refused = refusedAddresses();
  private readonly resolve: ResolveHost;

  /** `resolve` replaces the system resolver (tests give names the answers they need). */
  constructor(options: { allowInternal?: boolean; resolve?: ResolveHost } = {}) {
    this.allowInternal = options.allowInternal === true;
    this.resolve = options.resolve ?? systemResolve;
  }

  /** Throws WebhookAddressRefusedError for a host (name or address literal, as in a URL) that is refused outright. */
  checkHost(hostname: string): void {
    if (this.allowInternal) return;
    const host = hostname
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '')
      .toLowerCase();
    if (METADATA_HOST_NAMES.has(host)) throw this.refusal(`${host} is a cloud metadata service`);
    if (isIP(host) !== 0) this.checkAddress(host);
  }

  /** Throws WebhookAddressRefusedError for an IP address that is refused. */
  checkAddress(address: string): void {
    if (this.allowInternal) return;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (this.refused.check(address, family)) throw this.refusal(`${address} is link-local or a cloud metadata address`);
  }

  /**
   * A `lookup` for `http.request`: resolves like the system does, and fails the connection when
   * any address the name resolves to is refused (a name answering both a public and a metadata
   * address is not trusted with either).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, options)
      .then((addresses) => {
        if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        for (const { address } of addresses) this.checkAddress(address);
        return addresses;
      })
      .then(
        (addresses) => {
          if (options.all) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
      );
  };

  private refusal(what: string): WebhookAddressRefusedError {
    return new WebhookAddressRefusedError(`${what}; webhooks there are refused unless the emulator runs with --allow-internal-webhooks`);
  }
}
