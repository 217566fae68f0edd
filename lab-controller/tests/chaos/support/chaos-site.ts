/**
 * The site the chaos, storage and soak tests drive: one device of each kind the controller must
 * survive losing, with short poll intervals so a fault and its recovery take seconds.
 *   street         Intesis DALI-to-Modbus TCP gateway (12 luminaires, 3 groups: night-dimming fits)
 *   park           BACmove DALION Modbus TCP gateway (2 bollards)
 *   school         OPC-UA building controller (pushed values, one zone)
 *   basin          MaxBotix ultrasonic level sensor, ASCII lines on a pty
 *   river-quality  water-quality probe, Modbus RTU on a pty
 *
 * Endpoints are given per device: the placeholders below for a first load, then the ones the
 * simulators actually listen on (ephemeral ports, fresh ptys), or a proxy's port in between.
 */
export type ChaosDevice = 'street' | 'park' | 'school' | 'basin' | 'river-quality';

export const ALL_CHAOS_DEVICES: readonly ChaosDevice[] = [
  'street',
  'park',
  'school',
  'basin',
  'river-quality',
];

/** Where each device is reached, and its simulator's control port (0 = ephemeral). */
export type ChaosEndpoints = Partial<Record<ChaosDevice, { uri: string; control: number }>>;

/** Before the simulators start: the ports are placeholders, replaced by ephemeral ones. */
export const PLACEHOLDER_ENDPOINTS: Required<ChaosEndpoints> = {
  street: { uri: 'modbus-tcp://127.0.0.1:15020?unit=1', control: 1 },
  park: { uri: 'modbus-tcp://127.0.0.1:15021?unit=1', control: 2 },
  school: { uri: 'opc.tcp://127.0.0.1:14840/phare/building', control: 3 },
  basin: { uri: 'serial:///tmp/phare-chaos/ttyBasin?protocol=ascii-line&baud=9600', control: 4 },
  'river-quality': {
    uri: 'modbus-rtu:///tmp/phare-chaos/ttyQuality?baud=19200&parity=even&unit=1',
    control: 5,
  },
};

const luminaires = Array.from({ length: 12 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  const group = i < 5 ? 1 : i < 10 ? 2 : 3;
  return `        - { id: lamp${n}, shortAddress: ${i}, groups: [${group}], position: { x: ${5 + i * 5}, y: 10 }, ratedPowerW: 60 }`;
}).join('\n');

const blocks: Record<ChaosDevice, (e: { uri: string; control: number }, pollMs: number) => string> = {
  street: (e, pollMs) => `  - id: street
    name: { fr: Passerelle DALI de la rue, en: Street DALI gateway }
    profile: hms/intesis-dali-modbus
    endpoint: ${e.uri}
    position: { x: 2, y: 5 }
    workstreams: [lighting]
    simulator: { control: ${e.control} }
    pollIntervalMs: ${pollMs}
    dali:
      line: 0
      groups:
        - { number: 1, name: { fr: Nord, en: North } }
        - { number: 2, name: { fr: Sud, en: South } }
        - { number: 3, name: { fr: Carrefour, en: Crossroads } }
      luminaires:
${luminaires}
`,
  park: (e, pollMs) => `  - id: park
    name: { fr: Passerelle DALI du square, en: Square DALI gateway }
    profile: bacmove/dalion-modbus-tcp
    endpoint: ${e.uri}
    position: { x: 60, y: 20 }
    workstreams: [lighting]
    simulator: { control: ${e.control} }
    pollIntervalMs: ${pollMs}
    dali:
      line: 0
      groups:
        - { number: 0, name: { fr: Allées, en: Paths } }
      luminaires:
        - { id: bollard1, shortAddress: 0, groups: [0], position: { x: 62, y: 22 }, ratedPowerW: 25 }
        - { id: bollard2, shortAddress: 1, groups: [0], position: { x: 66, y: 22 }, ratedPowerW: 25 }
`,
  school: (e) => `  - id: school
    name: { fr: Automate de l'école, en: School controller }
    profile: phare/building-sim-opcua
    endpoint: ${e.uri}
    position: { x: 20, y: 60 }
    workstreams: [building]
    simulator: { control: ${e.control} }
    opcua: { trust: demo }
    building:
      zones:
        - id: zone1
          name: { fr: Classe CP, en: Classroom 1 }
          polygon: [[10, 50], [30, 50], [30, 70], [10, 70]]
          points: { temperature: zone1.temperature, setpoint: zone1.setpoint }
`,
  basin: (e) => `  - id: basin
    name: { fr: Bassin, en: Basin }
    profile: maxbotix/hrxl-maxsonar-wr
    endpoint: ${e.uri}
    position: { x: 50, y: 50 }
    workstreams: [water]
    simulator: { control: ${e.control} }
`,
  'river-quality': (e, pollMs) => `  - id: river-quality
    name: { fr: Sonde qualité, en: Quality probe }
    profile: phare/water-quality-probe
    endpoint: ${e.uri}
    position: { x: 70, y: 50 }
    workstreams: [water]
    simulator: { control: ${e.control} }
    pollIntervalMs: ${pollMs}
`,
};

export function chaosSiteYaml(
  devices: readonly ChaosDevice[],
  endpoints: ChaosEndpoints = PLACEHOLDER_ENDPOINTS,
  pollMs = 250,
): string {
  const body = devices.map((d) => blocks[d](endpoints[d] ?? PLACEHOLDER_ENDPOINTS[d], pollMs)).join('');
  return `schema: phare/site@1
id: chaos
name: { fr: Banc de pannes, en: Fault bench }
plan:
  width: 100
  height: 100
  anchor: { lat: 45.75, lon: 4.83, bearing: 0 }
devices:
${body}`;
}
