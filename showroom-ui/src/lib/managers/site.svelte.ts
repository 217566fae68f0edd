/** The site as the controller describes it (GET /api/site or the snapshot): plan, zones, devices. */
import type { DaliGroupView, DeviceView, LuminaireView, SiteView } from '@phare/lab-controller/api/wire.ts';

export interface PlacedLuminaire {
  /** Unique across the site: `<device>.<luminaire>`, e.g. `street.lamp03`. */
  key: string;
  device: DeviceView;
  luminaire: LuminaireView;
}

export interface GatewayGroups {
  device: DeviceView;
  groups: DaliGroupView[];
}

export class SiteManager {
  site = $state.raw<SiteView | null>(null);

  readonly luminaires: PlacedLuminaire[] = $derived(
    (this.site?.devices ?? []).flatMap((device) =>
      (device.luminaires ?? []).map((luminaire) => ({
        key: `${device.id}.${luminaire.id}`,
        device,
        luminaire,
      })),
    ),
  );

  readonly gateways: GatewayGroups[] = $derived(
    (this.site?.devices ?? [])
      .filter((device) => (device.groups?.length ?? 0) > 0 || device.broadcastLevelPoint !== undefined)
      .map((device) => ({ device, groups: device.groups ?? [] })),
  );

  replace(site: SiteView): void {
    this.site = site;
  }

  luminaire(key: string): PlacedLuminaire | undefined {
    return this.luminaires.find((placed) => placed.key === key);
  }

  /** Luminaires of one DALI group; `members` may name luminaires by local id or by site-wide key. */
  groupMembers(device: DeviceView, group: DaliGroupView): PlacedLuminaire[] {
    return this.luminaires.filter(
      (placed) =>
        placed.device.id === device.id &&
        (group.members.includes(placed.luminaire.id) ||
          group.members.includes(placed.key) ||
          placed.luminaire.groups.includes(group.number)),
    );
  }
}
