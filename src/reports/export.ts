import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { TFunction } from '../i18n.js';

export const exportFormat = z.enum(['json', 'csv', 'xlsx']).default('json');
export type ExportFormat = z.infer<typeof exportFormat>;

export interface Table {
  /** Column keys, in order; headers come from locales (`report.columns.<key>`). */
  columns: string[];
  rows: ReadonlyArray<object>;
  /** Headers are the column keys themselves (exports meant to be imported again). */
  keyHeaders?: boolean;
}

/**
 * A cell value; text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets
 * a leading apostrophe, so owner-typed text cannot become a formula in Excel.
 */
const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
};

/**
 * A report as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly) or XLSX
 * (exceljs), with headers in the reader's language.
 */
export async function renderTable(
  t: TFunction,
  table: Table,
  format: Exclude<ExportFormat, 'json'>,
  sheet: string,
): Promise<{ body: Buffer; type: string }> {
  const headers = table.keyHeaders ? table.columns : table.columns.map((c) => t(`report.columns.${c}`));
  const values = table.rows.map((r) => table.columns.map((c) => cell((r as Record<string, unknown>)[c])));
  if (format === 'csv') {
    return {
      body: Buffer.from(`\uFEFF${stringify([headers, ...values])}`, 'utf8'),
      type: 'text/csv; charset=utf-8',
    };
  }
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  ws.addRow(headers).font = { bold: true };
  for (const v of values) ws.addRow(v);
  ws.columns.forEach((c) => (c.width = 14));
  return {
    body: Buffer.from(await book.xlsx.writeBuffer()),
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
