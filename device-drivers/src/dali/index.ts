/**
 * Public API of the DALI codec (IEC 62386-101/102, protocols.md §1): frames, addresses, commands,
 * DTR-based sequences, status, levels, fades and bus timing. Pure code, no I/O.
 * Simulators and the gateway driver import from here.
 */
export * from './level.ts';
export * from './timing.ts';
export * from './frame.ts';
export * from './address.ts';
export * from './commands.ts';
export * from './sequences.ts';
export * from './status.ts';
export * from './fade.ts';
