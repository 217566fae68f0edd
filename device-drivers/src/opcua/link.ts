/**
 * OPC-UA link: one client, one session and one subscription to one server (the `Link` of the
 * driver contract, contract.ts), which heals itself.
 *
 * Contract:
 * - `openOpcuaLink` connects once, without retry, and rejects with a typed error: Disconnected or
 *   Timeout (nothing answers), Forbidden (wrong credentials, untrusted server certificate: the
 *   message says how to trust it), NotSupported (Basic128Rsa15 on this Node), ConfigInvalid.
 * - Once open, a lost connection (server reboot, cable) is repaired in the background with
 *   jittered back-off: node-opcua re-activates or re-creates the session and re-creates the
 *   subscription with the SAME monitored item objects, so listeners keep firing and nothing is
 *   duplicated (ARCHITECTURE.md §7). If node-opcua reports that the repair failed, the link rebuilds
 *   session and subscription itself from its registry of monitored points, keyed by NodeId, so a
 *   point is monitored once whatever happens. Status changes are reported via `onEvent`.
 * - `request` runs one service call on the current session with a timeout; while the link is
 *   repairing it fails fast with Disconnected, never with an old value.
 * - `monitor` is idempotent per NodeId and sampling interval: a second caller shares the item.
 * - `close` terminates subscription, session and channel in that order and always disconnects the
 *   client (pitfall 7: a session closed without disconnect leaks the channel on the server).
 */
import {
  AttributeIds,
  ClientSubscription,
  OPCUAClient,
  TimestampsToReturn,
  UserTokenType,
  type ClientMonitoredItem,
  type ClientSession,
  type DataValue,
  type UserIdentityInfo,
} from 'node-opcua';
import { silentLogger, type DriverStatus, type Link, type Logger } from '../contract.ts';
import { parseEndpoint, type Endpoint } from '../endpoint.ts';
import { ConfigInvalid, Disconnected, Timeout } from '../errors.ts';
import { explainConnectFailure } from './connect-errors.ts';
import { createClientCertificateManager } from './pki.ts';
import { restrictPkiModes } from './pki-modes.ts';
import { resolveSecurity, type OpcuaSecurityMode, type OpcuaSecurityPolicy } from './security.ts';
import { wrapOpcuaError } from './status-errors.ts';

export interface OpcuaLinkOptions {
  securityMode?: OpcuaSecurityMode;
  securityPolicy?: OpcuaSecurityPolicy;
  /** Absent = anonymous. */
  userIdentity?: { username: string; password: string };
  /** Client PKI root (own/, trusted/, rejected/): a data folder or a temp dir, never $HOME. */
  pkiDir: string;
  /** Demo mode only: trust any server certificate on first sight (it is stored in trusted/). */
  trustUnknownServerCertificates: boolean;
  /** Connect and per-request timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Default sampling interval of monitored items. Default 250 ms. */
  samplingIntervalMs?: number;
  /** Subscription publishing interval. Default 250 ms. */
  publishingIntervalMs?: number;
  /** Device id for messages. */
  device?: string;
  logger?: Logger;
}

export type OpcuaLinkEvent =
  | { type: 'status'; status: DriverStatus; reason?: string }
  /** The session and subscription are back; `monitoredItems` were re-created on the server. */
  | { type: 'restored'; how: 'repaired' | 'rebuilt'; monitoredItems: number };

export type DataChangeListener = (value: DataValue) => void;

interface MonitoredEntry {
  nodeId: string;
  samplingIntervalMs: number;
  listeners: Set<DataChangeListener>;
  item?: ClientMonitoredItem;
  creating?: Promise<void>;
}

const RECONNECT = { initialDelay: 500, maxDelay: 10_000, randomisationFactor: 0.3 } as const;

export class OpcuaLink implements Link {
  readonly isSerialLine = false;
  readonly description: string;
  private currentStatus: DriverStatus = 'online';
  private closing = false;
  private rebuilding: Promise<void> | undefined;
  private readonly entries = new Map<string, MonitoredEntry>();
  private readonly eventListeners = new Set<(event: OpcuaLinkEvent) => void>();
  private readonly closeListeners: Array<(error?: Error) => void> = [];

  constructor(
    readonly endpoint: Endpoint,
    private readonly client: OPCUAClient,
    private currentSession: ClientSession,
    private subscription: ClientSubscription,
    private readonly options: Required<
      Pick<OpcuaLinkOptions, 'timeoutMs' | 'samplingIntervalMs' | 'publishingIntervalMs'>
    > &
      OpcuaLinkOptions & { logger: Logger; device: string },
  ) {
    this.description = `OPC-UA ${endpoint.uri} (${options.securityMode ?? 'None'})`;
    this.watch();
  }

  get status(): DriverStatus {
    return this.currentStatus;
  }

  get session(): ClientSession {
    return this.currentSession;
  }

  get device(): string {
    return this.options.device;
  }

  /** Monitored points on this link (one server-side item each). */
  get monitoredCount(): number {
    return this.entries.size;
  }

  onEvent(listener: (event: OpcuaLinkEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  /** Link contract (contract.ts): the status part of `onEvent`. */
  onStatus(listener: (status: DriverStatus, reason?: string) => void): () => void {
    return this.onEvent((event) => {
      if (event.type === 'status') listener(event.status, event.reason);
    });
  }

  private emit(event: OpcuaLinkEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  private setStatus(status: DriverStatus, reason?: string): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.options.logger.info('OPC-UA link status', { status, reason, endpoint: this.endpoint.uri });
    this.emit({ type: 'status', status, ...(reason ? { reason } : {}) });
  }

  private watch(): void {
    const { client } = this;
    client.on('connection_lost', () => this.setStatus('connecting', 'connection lost'));
    client.on('reconnection_attempt_has_failed', (_err: Error, message: string) =>
      this.setStatus('connecting', `reconnection failed: ${message}`),
    );
    this.watchSession(this.currentSession);
  }

  private watchSession(session: ClientSession): void {
    session.on('session_repaired_failed', (error: Error) => {
      this.options.logger.warn('node-opcua could not repair the session; rebuilding', {
        error: error.message,
      });
      void this.rebuild();
    });
    // node-opcua re-activated or re-created the session and re-created the subscription with the
    // same ClientMonitoredItem objects (reconnection.ts in node-opcua-client).
    session.on('session_restored', () => {
      if (this.closing) return;
      this.setStatus('online', 'session restored');
      this.emit({ type: 'restored', how: 'repaired', monitoredItems: this.entries.size });
    });
  }

  /** Last resort: a new session and subscription, with every monitored point re-created once. */
  private rebuild(): Promise<void> {
    this.rebuilding ??= (async () => {
      const old = this.subscription;
      old.removeAllListeners();
      await old.terminate().catch(() => undefined);
      await this.currentSession.close(true).catch(() => undefined);
      for (let attempt = 0; !this.closing; attempt++) {
        try {
          this.currentSession = await this.client.createSession(identityOf(this.options));
          this.watchSession(this.currentSession);
          this.subscription = await createSubscription(
            this.currentSession,
            this.options.publishingIntervalMs,
          );
          for (const entry of this.entries.values()) {
            entry.item = undefined;
            await this.createItem(entry);
          }
          this.setStatus('online', 'session rebuilt');
          this.emit({ type: 'restored', how: 'rebuilt', monitoredItems: this.entries.size });
          return;
        } catch (error) {
          this.options.logger.warn('rebuilding the OPC-UA session failed', { error: String(error), attempt });
          await sleep(
            Math.min(RECONNECT.maxDelay, RECONNECT.initialDelay * 2 ** attempt) * (1 + Math.random() * 0.3),
          );
        }
      }
    })().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  /**
   * Runs one service call on the session, with the link's timeout. `where` names the device, point
   * and request for the error message.
   */
  async request<T>(where: string, call: (session: ClientSession) => Promise<T>): Promise<T> {
    const context = { device: this.options.device };
    if (this.closing) throw new Disconnected(`${where}: the link is closed`, context);
    if (this.currentStatus !== 'online') {
      throw new Disconnected(`${where}: ${this.endpoint.uri} is reconnecting`, context);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(this.currentSession),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Timeout(`${where}: no answer within ${this.options.timeoutMs} ms`, context)),
            this.options.timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw wrapOpcuaError(error, where, context);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Monitors the Value of a node; the listener receives every DataValue the server publishes.
   * Idempotent: one server-side monitored item per NodeId and sampling interval on this link.
   * Resolves with the function that removes this listener (and the item when it was the last).
   */
  async monitor(
    nodeId: string,
    listener: DataChangeListener,
    samplingIntervalMs = this.options.samplingIntervalMs,
  ): Promise<() => Promise<void>> {
    const key = `${nodeId}@${samplingIntervalMs}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { nodeId, samplingIntervalMs, listeners: new Set() };
      this.entries.set(key, entry);
    }
    entry.listeners.add(listener);
    const current = entry;
    try {
      if (!current.item) {
        current.creating ??= this.createItem(current).finally(() => {
          current.creating = undefined;
        });
        await current.creating;
      }
    } catch (error) {
      current.listeners.delete(listener);
      if (current.listeners.size === 0) this.entries.delete(key);
      throw error;
    }
    return async () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.entries.get(key) !== current) return;
      this.entries.delete(key);
      await current.item?.terminate().catch(() => undefined);
    };
  }

  private async createItem(entry: MonitoredEntry): Promise<void> {
    const where = `${this.options.device}: monitor ${entry.nodeId}`;
    const item = await this.request(where, () =>
      this.subscription.monitor(
        { nodeId: entry.nodeId, attributeId: AttributeIds.Value },
        // Room for every sample between two publishes: sampled faster than published, a queue of
        // one would deliver only the latest and the recorder would miss the changes in between.
        {
          samplingInterval: entry.samplingIntervalMs,
          queueSize: Math.max(
            1,
            Math.ceil(this.options.publishingIntervalMs / Math.max(1, entry.samplingIntervalMs)),
          ),
          discardOldest: true,
        },
        TimestampsToReturn.Both,
      ),
    );
    item.on('changed', (value: DataValue) => {
      for (const listener of entry.listeners) listener(value);
    });
    entry.item = item;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.setStatus('offline', 'closed');
    await this.rebuilding?.catch(() => undefined);
    this.entries.clear();
    await this.subscription.terminate().catch(() => undefined);
    await this.currentSession.close(true).catch(() => undefined);
    await this.client.disconnect().catch(() => undefined);
  }

  /** @internal the link gave up (not used while reconnection is unlimited, kept for the contract). */
  protected dropped(error: Error): void {
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}

function identityOf(options: OpcuaLinkOptions): UserIdentityInfo {
  return options.userIdentity
    ? {
        type: UserTokenType.UserName,
        userName: options.userIdentity.username,
        password: options.userIdentity.password,
      }
    : { type: UserTokenType.Anonymous };
}

async function createSubscription(
  session: ClientSession,
  publishingIntervalMs: number,
): Promise<ClientSubscription> {
  return session.createSubscription2({
    requestedPublishingInterval: publishingIntervalMs,
    requestedLifetimeCount: 1000,
    requestedMaxKeepAliveCount: 20,
    maxNotificationsPerPublish: 1000,
    publishingEnabled: true,
    priority: 10,
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Opens a link to `endpoint` (an `opc.tcp://` URI). See the contract at the top of this file. */
export async function openOpcuaLink(
  endpoint: string | Endpoint,
  options: OpcuaLinkOptions,
): Promise<OpcuaLink> {
  const parsed = typeof endpoint === 'string' ? parseEndpoint(endpoint) : endpoint;
  const device = options.device ?? parsed.uri;
  const logger = (options.logger ?? silentLogger).child('phare:driver:opcua');
  if (parsed.scheme !== 'opc.tcp') {
    throw new ConfigInvalid(
      `${device}: "${parsed.uri}" is not an OPC-UA endpoint; use opc.tcp://host:4840/path`,
      { device },
    );
  }
  const security = resolveSecurity(options.securityMode, options.securityPolicy, `${device} (${parsed.uri})`);
  const timeoutMs = options.timeoutMs ?? 5000;
  const certificates = createClientCertificateManager(
    options.pkiDir,
    options.trustUnknownServerCertificates,
    logger,
  );
  // The PKI holds the client's private key: 0700/0600 before and after connect() writes it (pki-modes.ts).
  restrictPkiModes(certificates.rootDir, logger);
  const client = OPCUAClient.create({
    applicationName: 'Phare lab controller',
    securityMode: security.mode,
    securityPolicy: security.policy,
    endpointMustExist: false,
    keepSessionAlive: true,
    requestedSessionTimeout: 60_000,
    transportTimeout: timeoutMs,
    clientCertificateManager: certificates,
    // The first connection is tried once: the coordinator owns retries of a link that never opened.
    connectionStrategy: { ...RECONNECT, maxRetry: 0 },
  });
  const context = { device, detail: { endpoint: parsed.uri } };
  let session: ClientSession | undefined;
  let phase: 'channel' | 'session' | 'subscription' = 'channel';
  try {
    await withTimeout(client.connect(parsed.uri), timeoutMs, `${device}: connect to ${parsed.uri}`);
    phase = 'session';
    session = await withTimeout(
      client.createSession(identityOf(options)),
      timeoutMs,
      `${device}: create session on ${parsed.uri}`,
    );
    phase = 'subscription';
    const subscription = await withTimeout(
      createSubscription(session, options.publishingIntervalMs ?? 250),
      timeoutMs,
      `${device}: create subscription on ${parsed.uri}`,
    );
    restrictPkiModes(certificates.rootDir, logger);
    // From now on the link repairs itself, forever, with back-off.
    client.connectionStrategy.maxRetry = -1;
    return new OpcuaLink(parsed, client, session, subscription, {
      ...options,
      timeoutMs,
      samplingIntervalMs: options.samplingIntervalMs ?? 250,
      publishingIntervalMs: options.publishingIntervalMs ?? 250,
      device,
      logger,
    });
  } catch (error) {
    await session?.close(true).catch(() => undefined);
    await client.disconnect().catch(() => undefined);
    restrictPkiModes(certificates.rootDir, logger);
    throw explainConnectFailure(error, {
      phase,
      ...(options.userIdentity ? { username: options.userIdentity.username } : {}),
      device,
      endpoint: parsed.uri,
      pkiDir: options.pkiDir,
      context,
    });
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, where: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Timeout(`${where}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
