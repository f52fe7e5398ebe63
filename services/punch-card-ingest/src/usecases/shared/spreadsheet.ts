// The platform's downloads (CSV, streamed XLSX), as this service's use cases name them.
export { dateCell, writeWorkbook, XLSX_TYPE } from '@webitr/platform/spreadsheet';
export type { Sheet } from '@webitr/platform/spreadsheet';
