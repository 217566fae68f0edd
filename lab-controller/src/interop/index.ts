/** The vendor interoperability suite: runner, reports, and profile scaffolding. */
export { runInterop, DEFAULT_MIN_REQUEST_INTERVAL_MS, type RunInteropOptions } from './runner.ts';
export type { DaliBench, OpcuaBench } from './target.ts';
export * from './report-model.ts';
export {
  writeReports,
  interopReportsDir,
  listReports,
  reportBaseName,
  type ReportListing,
  type WrittenReports,
} from './reports/write-reports.ts';
export { renderJunitReport } from './reports/junit.ts';
export { renderHtmlReport } from './reports/html.ts';
export { scaffoldProfile, type ScaffoldOptions, type ScaffoldResult } from './scaffold/scaffold-profile.ts';
export {
  scanRegisters,
  type ScanOptions,
  type ScanResult,
  type FoundRegister,
} from './scaffold/modbus-scan.ts';
