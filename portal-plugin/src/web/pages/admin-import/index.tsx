// 批次匯入 (基本資料維護): a CSV of people (UTF-8 or Big5), checked first — the
// directory's dry run reports every row, naming the line and the field of
// each problem — and only then applied; the good rows are written, the bad
// ones reported again. Each report can be downloaded to fix the file.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { importPeopleQuery } from '@webitr/contracts/forms/directory';
import type { ImportPeopleQuery } from '@webitr/contracts/forms/directory';
import type { ImportReport } from '@webitr/contracts/views/directory';
import { DIRECTORY_KEY, importPeople } from '../../api/directory.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { FieldError } from '../../components/field-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { downloadCsv } from '../../lib/download.ts';
import { bodyResolver } from '../../lib/form-values.ts';
import { OUTCOME_LABELS, columnGuide, encodingLabel, reportCsv, reportFilename, reportSummary, rowProblems } from './logic.ts';

const ENCODINGS = [
  ['auto', '自動判斷'],
  ['utf-8', 'UTF-8'],
  ['big5', 'Big5'],
] as const;
const encodingOnly = importPeopleQuery.pick({ encoding: true });
type Options = Pick<ImportPeopleQuery, 'encoding'>;

export default function ImportPage() {
  return <AdminFrame page="import">{(ctx) => <Import {...ctx} />}</AdminFrame>;
}

function Import({ agency }: AdminContext) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  // The dry run's report, and the file and encoding it was for: applying sends exactly that.
  const [checked, setChecked] = useState<{ report: ImportReport; file: File; encoding: Options['encoding'] }>();
  const [applied, setApplied] = useState<ImportReport>();
  const { control, handleSubmit } = useForm<Options>({
    resolver: bodyResolver<Options>(encodingOnly, (v) => v),
    defaultValues: { encoding: 'auto' },
  });
  const run = useMutation<ImportReport, ProblemError, { file: File; encoding: Options['encoding']; dryRun: boolean }>({
    mutationFn: ({ file, encoding, dryRun }) => importPeople(agency.id, file, { encoding, dryRun }),
    onSuccess: async (report, { file, encoding }) => {
      if (report.dryRun) {
        setChecked({ report, file, encoding });
        setApplied(undefined);
      } else {
        setApplied(report);
        setChecked(undefined);
        await queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY });
      }
    },
  });
  const check = handleSubmit(({ encoding }) => {
    if (!file) return setFileError('匯入檔案：請選擇 CSV 檔');
    if (!/\.(csv|txt)$/i.test(file.name)) return setFileError('匯入檔案：請選擇 .csv 檔');
    setFileError(undefined);
    run.mutate({ file, encoding, dryRun: true });
  });
  if (isRefusal(run.error)) return <AdminRefusal problem={run.error} />;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>批次匯入</PageTitle>
        <AgencyLine agency={agency} page="import" />
        <p>
          上傳人員 CSV 檔（UTF-8 或 Big5）。系統先<strong>檢查</strong>每一列並列出結果，確認後再按「確定匯入」；有錯誤的列不會匯入。
          已在本機關的人員（以身分證字號比對）會以檔案中有填的欄位更新。
        </p>
        <form onSubmit={(e) => void check(e)} noValidate aria-label="批次匯入">
          <div className="filters two">
            <div className="field">
              <label htmlFor="import-file">匯入檔案（.csv）</label>
              <input
                id="import-file"
                className="input"
                type="file"
                accept=".csv,.txt,text/csv"
                aria-invalid={fileError ? true : undefined}
                aria-describedby={fileError ? 'import-file-error' : undefined}
                onChange={(e) => {
                  setFile(e.target.files?.[0]);
                  setChecked(undefined);
                  setApplied(undefined);
                }}
              />
              <FieldError id="import-file-error" message={fileError} />
            </div>
            <Controller
              control={control}
              name="encoding"
              render={({ field }) => (
                <Choice
                  id="import-encoding"
                  label="檔案編碼"
                  value={field.value}
                  options={ENCODINGS}
                  onChange={(v) => v && field.onChange(v)}
                />
              )}
            />
          </div>
          <p className="actions">
            <Button type="submit" isDisabled={run.isPending}>
              {run.isPending && run.variables?.dryRun ? '檢查中…' : '檢查（不匯入）'}
            </Button>
          </p>
          {run.error ? <ProblemMessage problem={isProblem(run.error) ? run.error : networkError()} /> : null}
        </form>
        <ColumnGuide />
      </section>
      {checked ? (
        <Report report={checked.report} agencyName={agency.name}>
          <p className="actions">
            <Button
              id="apply-import"
              isDisabled={run.isPending || checked.report.valid === 0}
              onPress={() => run.mutate({ file: checked.file, encoding: checked.encoding, dryRun: false })}
            >
              {run.isPending ? '匯入中…' : `確定匯入 ${checked.report.valid} 列`}
            </Button>
            {checked.report.failed > 0 ? <span className="muted">有錯誤的 {checked.report.failed} 列不會匯入。</span> : null}
          </p>
        </Report>
      ) : null}
      {applied ? <Report report={applied} agencyName={agency.name} /> : null}
    </>
  );
}

function Report({ report, agencyName, children }: { report: ImportReport; agencyName: string; children?: ReactNode }) {
  const title = report.dryRun ? '檢查結果' : '匯入結果';
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">{title}</h2>
      <p id="report-summary" role="status">
        {reportSummary(report)}
      </p>
      <dl className="report-counts">
        <dt>檔案編碼</dt>
        <dd>{encodingLabel(report.encoding)}</dd>
        {report.blankLines.length > 0 ? (
          <>
            <dt>空白列</dt>
            <dd>第 {report.blankLines.join('、')} 行</dd>
          </>
        ) : null}
        {report.ignoredColumns.length > 0 ? (
          <>
            <dt>未使用的欄位</dt>
            <dd>{report.ignoredColumns.join('、')}</dd>
          </>
        ) : null}
      </dl>
      {children}
      <p className="actions">
        <Button className="secondary" onPress={() => downloadCsv(reportFilename(report, agencyName), reportCsv(report))}>
          下載{title}（CSV）
        </Button>
      </p>
      {report.rows.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table id="import-report">
            <thead>
              <tr>
                <th scope="col">列號</th>
                <th scope="col">結果</th>
                <th scope="col">姓名</th>
                <th scope="col">身分證字號</th>
                <th scope="col">問題</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.line} className={r.outcome === 'failed' ? 'row-failed' : undefined}>
                  <th scope="row">第 {r.line} 行</th>
                  <td>{OUTCOME_LABELS[r.outcome]}</td>
                  <td>{r.name ?? ''}</td>
                  <td className="national-id">{r.nationalIdMasked ?? ''}</td>
                  <td>{rowProblems(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** Which headers the file may use (the export's, so an exported file comes back in). */
function ColumnGuide() {
  return (
    <details className="column-guide">
      <summary>檔案欄位說明</summary>
      <p className="muted">第一列為欄位名稱；欄位順序不拘。與「下載機關所有員工資料」的欄位相同，日期可寫 115-08-01 或 2026-08-01。</p>
      <ul>
        {columnGuide().map((c) => (
          <li key={c.header}>
            {c.header}
            {c.required ? '（必填）' : ''}
            {c.also.length > 0 ? <span className="muted">（亦可寫作：{c.also.join('、')}）</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
