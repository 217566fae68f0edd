/** Health of every device (status, last error, request statistics), replaced as a whole on each message. */
import type { DeviceHealth } from '@phare/lab-controller/api/wire.ts';

export class DevicesManager {
  list = $state.raw<DeviceHealth[]>([]);

  replaceAll(health: DeviceHealth[]): void {
    this.list = health;
  }

  get(id: string): DeviceHealth | undefined {
    return this.list.find((device) => device.id === id);
  }

  /** `devices` events may carry only the devices that changed: merge them by id, keep the order. */
  merge(health: DeviceHealth[]): void {
    const merged = this.list.map((device) => health.find((update) => update.id === device.id) ?? device);
    for (const device of health) if (!this.get(device.id)) merged.push(device);
    this.list = merged;
  }
}
