/** Firmata boards (an Arduino running StandardFirmata) through firmata-io and johnny-five. */
export { openFirmataLink } from './open-link.ts';
export { FirmataLink, type FirmataLinkOptions, type PinReport, type ReportListener } from './link.ts';
export { FirmataBoardDriver, type FirmataBoardDriverOptions } from './driver.ts';
export {
  checkComponents,
  scaleRaw,
  analogChannelOf,
  type FirmataComponentDef,
  type FirmataComponentType,
} from './component-def.ts';
export { SERVO_PWM_RANGE, ledPercentFromDuty, dutyFromLedPercent, servoDegreesFromState } from './values.ts';
