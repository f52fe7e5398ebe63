import express from 'express';
import type { Router } from 'express';
import { InputError, parseInput } from '@webitr/platform';
import { directoryRoutes } from '@webitr/contracts';
import type { Operation } from '@webitr/contracts';
import type { DirectoryContext } from '../../context.ts';
import * as exportPeople from '../../usecases/export-people/index.ts';
import * as importPeople from '../../usecases/import-people/index.ts';
import { agencyIdParams } from '../../usecases/shared/fields.ts';
import { actorOf, administratorsOnly, attachment } from '../http.ts';

/**
 * CSV import (the body is the file itself, `text/csv`, UTF-8 or Big5) and
 * CSV/XLSX export. Mounted by hand (raw body, binary answer) but validated
 * with the same schemas and listed in the OpenAPI document.
 */
export function importExportRoutes(router: Router, ctx: DirectoryContext): Operation[] {
  // The agency is in the path; the rest of each command is the query string.
  const importOptions = importPeople.command.omit({ agencyId: true });
  const exportOptions = exportPeople.query.omit({ agencyId: true });
  const importOp: Operation = {
    ...directoryRoutes.importPeople,
    summary:
      '批次匯入員工 from CSV (body: the file, Content-Type text/csv; UTF-8 or Big5, with or without a BOM, or UTF-16 with its BOM); per-row report',
    params: agencyIdParams,
    query: importOptions,
    response: { status: 200, schema: importPeople.reportSchema, description: 'the per-row report' },
  };
  const exportOp: Operation = {
    ...directoryRoutes.exportPeople,
    summary: '下載機關所有員工資料 and their apps as CSV or XLSX (national IDs masked)',
    params: agencyIdParams,
    query: exportOptions,
    response: { status: 200, description: 'the file (text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' },
  };

  router.post(importOp.path, administratorsOnly, express.raw({ type: () => true, limit: ctx.importMaxBytes }), async (req, res) => {
    const params = parseInput(agencyIdParams, req.params, 'params');
    const query = parseInput(importOptions, req.query, 'query');
    if (!Buffer.isBuffer(req.body)) throw new InputError({ code: 'IMPORT_NOT_A_FILE', detail: '請以 text/csv 上傳 CSV 檔案本身' });
    res.json(await importPeople.execute(ctx, actorOf(res), { ...query, ...params }, req.body));
  });

  router.get(exportOp.path, administratorsOnly, async (req, res) => {
    const params = parseInput(agencyIdParams, req.params, 'params');
    const query = parseInput(exportOptions, req.query, 'query');
    const file = await exportPeople.execute(ctx, actorOf(res), { ...query, ...params });
    attachment(res, file.filename, file.contentType);
    res.send(file.body);
  });

  return [importOp, exportOp];
}
