import { NETWORK_REFUSAL_CODES, onsiteZoneOf } from '@webitr/contracts';
import type { Access } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
import type { NetworkContext } from './zones.ts';

/** Zone names as people read them. */
const ZONE_LABELS: Record<string, string> = {
  intranet: '機關內部網路',
  vpn: 'SSL-VPN',
  internet: '網際網路',
};

export const zoneLabel = (zone: string): string =>
  ZONE_LABELS[zone] ?? (zone.startsWith('onsite-') ? `機關現場網路（${zone.slice('onsite-'.length).toUpperCase()}）` : zone);

/** The onsite zone of an agency: `onsite-<agency id in lower case>`. */
export const onsiteZone = onsiteZoneOf;

/** A refusal that names the network needed and how to get there. */
export class NetworkRefusedError extends ForbiddenError {
  readonly requiredZones: readonly string[];
  readonly zone: string;
  readonly address: string;
  constructor(code: string, network: NetworkContext, requiredZones: readonly string[], detail: string) {
    super({ code, title: '您目前的網路位置無法使用此功能', detail });
    this.requiredZones = requiredZones;
    this.zone = network.zone;
    this.address = network.address;
  }
}

export interface PolicyOptions {
  appZones: readonly string[] | 'any';
  adminZones: readonly string[] | 'any';
  vpnName: string;
  vpnUrl: string | undefined;
}

/**
 * Route policies of one deployment: the whole app only from some zones (or the
 * internet too), administration only from some zones, web punching only from
 * the person's own agency's onsite network. Which operations are
 * administration or web punching is their access mark in the route tables of
 * @webitr/contracts, not a list of paths here.
 */
export class NetworkPolicy {
  readonly #options: PolicyOptions;

  constructor(options: PolicyOptions) {
    this.#options = options;
  }

  /** The network rule of an operation's access mark; the app check has passed already. */
  checkAccess(access: Access, network: NetworkContext, person: { agencyId: string; agencyName: string }): void {
    if (access === 'admin') this.checkAdmin(network);
    else if (access === 'onsite') this.checkWebPunch(network, person.agencyId, person.agencyName);
    else if (access === 'device')
      // A path that is a machine's for one method and a person's for another would be a route table error; a person is refused.
      throw new ForbiddenError({ code: 'DEVICE_ONLY', detail: '此介面僅供刷卡機呼叫' });
    // 'internal' never gets here: the gateway publishes no such operation.
  }

  /**
   * A card machine (an operation marked `device`): only from some agency's
   * onsite network. Which agency's is the service's to check, once it knows
   * the device by its key; the gateway cannot know it before.
   */
  checkDevice(network: NetworkContext): void {
    if (network.zones.some((z) => z.startsWith('onsite-'))) return;
    throw new NetworkRefusedError(
      NETWORK_REFUSAL_CODES.device,
      network,
      ['onsite-*'],
      `刷卡機僅能自機關現場網路傳送刷卡資料，此連線來自${zoneLabel(network.zone)}（${network.address}）。`,
    );
  }

  /** The whole app (every page and API but health, back-channel logout and static assets). */
  checkApp(network: NetworkContext): void {
    const { appZones } = this.#options;
    if (appZones === 'any' || network.zones.some((z) => appZones.includes(z))) return;
    throw new NetworkRefusedError(
      NETWORK_REFUSAL_CODES.app,
      network,
      appZones,
      `本系統僅開放自${this.#named(appZones)}連線使用，您目前的連線來自${zoneLabel(network.zone)}（${network.address}）。${this.#howToConnect(appZones)}`,
    );
  }

  /** Administration routes; the app check has passed already. */
  checkAdmin(network: NetworkContext): void {
    const { adminZones } = this.#options;
    if (adminZones === 'any' || network.zones.some((z) => adminZones.includes(z))) return;
    throw new NetworkRefusedError(
      NETWORK_REFUSAL_CODES.admin,
      network,
      adminZones,
      `管理功能僅開放自${this.#named(adminZones)}使用，您目前的連線來自${zoneLabel(network.zone)}（${network.address}）。${this.#howToConnect(adminZones)}`,
    );
  }

  /** Web punching: only from inside the person's own agency. */
  checkWebPunch(network: NetworkContext, agencyId: string, agencyName: string): void {
    const required = onsiteZone(agencyId);
    if (network.zones.includes(required)) return;
    throw new NetworkRefusedError(
      NETWORK_REFUSAL_CODES.onsite,
      network,
      [required],
      `網路打卡僅限在${agencyName}的機關現場網路使用，您目前的連線來自${zoneLabel(network.zone)}（${network.address}）。請於上班地點連線後再打卡；經 SSL-VPN 或其他機關的網路無法打卡。`,
    );
  }

  #named(zones: readonly string[]): string {
    return zones.map(zoneLabel).join('或');
  }

  #howToConnect(zones: readonly string[]): string {
    if (!zones.includes('vpn')) return '請在機關內連線後再試。';
    const { vpnName, vpnUrl } = this.#options;
    return `在家或出差時，請先連線${vpnName}${vpnUrl ? `（${vpnUrl}）` : ''}，以員工帳號登入後，再重新開啟本系統。`;
  }
}
