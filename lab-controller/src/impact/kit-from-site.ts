/**
 * The digital kit, as the impact model's `digitalKit` items (input-schema.ts), built from data:
 *
 * - the demonstrator's own kit: one item per profile used on the site, counted from the site's
 *   devices, with the profile's `footprint` block when it has one (exact figures from a PEP or a
 *   datasheet), else the factors file's ranges for the equipment kind its profile kind implies;
 *   plus the equipment every demonstrator has but no site file lists (INFRASTRUCTURE);
 * - a suggested kit for a territory of N luminaires (TERRITORY_KIT), the same architecture scaled:
 *   gateways per luminaire, one supervision controller, a control node per luminaire.
 */
import type { ProfileFootprint } from '../config/schema/footprint.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { uniqueAssumptions } from './assumption.ts';
import { digitalFootprint, resolveKit, type DigitalFootprint } from './digital-footprint.ts';
import type { EquipmentKind, ImpactFactors } from './factors-schema.ts';
import type { KitItemInput } from './input-schema.ts';
import { resolveRates } from './rates.ts';

export interface KitLine {
  item: KitItemInput;
  /** Where the count comes from: the site's devices, or the fixed list below. */
  origin: 'site' | 'infrastructure' | 'territory';
  /** Site devices counted (origin `site`). */
  devices: string[];
  /** The profile whose footprint gave exact figures, if any. */
  profile: string | null;
  /** Why this item and count, in French and English. */
  note: { fr: string; en: string };
}

/** Profile kind → equipment kind of the factors file, when the profile has no footprint block. */
const EQUIPMENT_OF_PROFILE_KIND: Record<string, EquipmentKind> = {
  'dali-gateway': 'gateway',
  'opcua-controller': 'controller',
  'modbus-device': 'sensor',
  'serial-sensor': 'sensor',
  // An Arduino-class board is closer to a connected sensor than to an industrial controller.
  'firmata-board': 'sensor',
};
const DEFAULT_EQUIPMENT: EquipmentKind = 'sensor';

/**
 * What a demonstrator runs besides its devices: the computer of the controller and showroom, the
 * network switch between it and the gateways, the kiosk screen, the staff tablet
 * (ARCHITECTURE.md §1, "show the twin on a big screen", "one click on a tablet").
 */
export const INFRASTRUCTURE: readonly KitLine[] = [
  {
    item: { kind: 'controller', count: 1 },
    origin: 'infrastructure',
    devices: [],
    profile: null,
    note: {
      fr: 'Ordinateur du contrôleur Phare et du showroom',
      en: 'Computer running Phare and the showroom',
    },
  },
  {
    item: { kind: 'networkSwitch', count: 1 },
    origin: 'infrastructure',
    devices: [],
    profile: null,
    note: { fr: 'Commutateur du réseau du démonstrateur', en: 'Network switch of the demonstrator' },
  },
  {
    item: { kind: 'screen', count: 1 },
    origin: 'infrastructure',
    devices: [],
    profile: null,
    note: { fr: 'Écran du kiosque', en: 'Kiosk screen' },
  },
  {
    item: { kind: 'tablet', count: 1 },
    origin: 'infrastructure',
    devices: [],
    profile: null,
    note: { fr: 'Tablette du personnel', en: 'Staff tablet' },
  },
];

/**
 * A territory's kit, scaled on its luminaires. One gateway per 50 luminaires: a DALI line
 * addresses 64 gear (IEC 62386-102, short addresses 0–63, protocols.md §1.3), less a margin for
 * the street layout. One control node per luminaire: its standby draw day and night is often the
 * first item of a connected lighting's use footprint (hardware/impact/README.md §6).
 */
export const TERRITORY_KIT: readonly KitLine[] = [
  {
    item: { kind: 'luminaireNode', perLuminaire: 1 },
    origin: 'territory',
    devices: [],
    profile: null,
    note: { fr: 'Un nœud de commande par luminaire', en: 'One control node per luminaire' },
  },
  {
    item: { kind: 'gateway', perLuminaire: 0.02 },
    origin: 'territory',
    devices: [],
    profile: null,
    note: {
      fr: 'Une passerelle pour 50 luminaires (une ligne DALI adresse 64 appareils)',
      en: 'One gateway per 50 luminaires (a DALI line addresses 64 devices)',
    },
  },
  {
    item: { kind: 'controller', count: 1 },
    origin: 'territory',
    devices: [],
    profile: null,
    note: { fr: 'Un serveur de supervision', en: 'One supervision server' },
  },
];

export interface SiteDeviceOfKit {
  id: string;
  /** Profile id (`hms/intesis-dali-modbus`). */
  profile: string;
  /** Profile kind (`dali-gateway`…). */
  kind: string;
  footprint?: ProfileFootprint;
}

function footprintFields(footprint: ProfileFootprint | undefined): Partial<KitItemInput> {
  if (!footprint) return {};
  return {
    embodiedKgCO2e: footprint.embodiedKgCO2e,
    lifetimeYears: footprint.lifetimeYears,
    powerW: footprint.powerW,
    ...(footprint.hoursPerYear !== undefined ? { hoursPerYear: footprint.hoursPerYear } : {}),
  };
}

/** The demonstrator's kit: its devices grouped by profile, then the infrastructure. */
export function demonstratorKit(devices: readonly SiteDeviceOfKit[]): KitLine[] {
  const byProfile = new Map<string, SiteDeviceOfKit[]>();
  for (const device of devices)
    byProfile.set(device.profile, [...(byProfile.get(device.profile) ?? []), device]);
  const lines = [...byProfile.entries()].map(([profile, members]): KitLine => {
    const first = members[0]!;
    const kind = first.footprint?.equipmentKind ?? EQUIPMENT_OF_PROFILE_KIND[first.kind] ?? DEFAULT_EQUIPMENT;
    return {
      item: { kind, count: members.length, ...footprintFields(first.footprint) },
      origin: 'site',
      devices: members.map((m) => m.id),
      profile: first.footprint ? profile : null,
      note: {
        fr: `${members.length} × ${profile} (${members.map((m) => m.id).join(', ')})`,
        en: `${members.length} × ${profile} (${members.map((m) => m.id).join(', ')})`,
      },
    };
  });
  return [...lines, ...INFRASTRUCTURE];
}

/** The territory kit, with the site's gateway figures when its gateway profile has a footprint. */
export function territoryKit(devices: readonly SiteDeviceOfKit[]): KitLine[] {
  const gateway = devices.find((d) => d.footprint?.equipmentKind === 'gateway');
  return TERRITORY_KIT.map((line) =>
    line.item.kind === 'gateway' && gateway
      ? { ...line, item: { ...line.item, ...footprintFields(gateway.footprint) }, profile: gateway.profile }
      : line,
  );
}

/** The site's devices with their profile's kind and footprint, as the kit functions read them. */
export function siteKitDevices(loaded: Pick<LoadedSiteInput, 'site' | 'profiles'>): SiteDeviceOfKit[] {
  return loaded.site.devices.map((device) => {
    const profile = loaded.profiles.get(device.profile);
    return {
      id: device.id,
      profile: device.profile,
      kind: profile?.kind ?? 'unknown',
      ...(profile?.footprint ? { footprint: profile.footprint } : {}),
    };
  });
}

/** What a kit costs per year at the factors file's prices and emission factors. */
export function kitFootprint(
  lines: readonly KitLine[],
  factors: ImpactFactors,
  luminaireCount = 0,
): DigitalFootprint {
  const kit = resolveKit(
    lines.map((l) => l.item),
    factors,
    luminaireCount,
  );
  const footprint = digitalFootprint(
    kit.items,
    resolveRates({ prices: {}, emissionFactors: {} }, factors),
    kit.assumptions,
  );
  return { ...footprint, assumptions: uniqueAssumptions(footprint.assumptions) };
}
