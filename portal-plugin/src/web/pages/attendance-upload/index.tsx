import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button } from 'react-aria-components';
import { api } from '../../api/index.ts';
import { useMe } from '../../api/hooks.ts';
import { ProblemError, isProblem, networkError } from '../../api/problem.ts';
import type { Me } from '../../api/session.ts';
import { isAttendanceManager } from '../../app/nav.ts';
import { Choice } from '../../components/choice.tsx';
import { FieldError } from '../../components/field-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import '../../styles/attendance.css';
import type { CardFileProfile, UploadReport } from './logic.ts';
import { REPORT_PAGE, nextAfter, reasonLabel, refusedSummary, refusedTotal, uploadContentType } from './logic.ts';

/** 卡檔上傳 (attendance managers): pick the format, send the file with its progress, then the line-by-line report. */
export default function CardFileUploadPage() {
  const me = useMe();
  if (!isAttendanceManager(me))
    return (
      <section className="card notice">
        <PageTitle>卡檔上傳</PageTitle>
        <p>卡檔上傳僅限{me.agency.name}的差勤管理者使用；如需上傳刷卡資料，請洽人事單位。</p>
      </section>
    );
  return <Upload me={me} />;
}

/** The file is the request's body (the service reads it as it streams); XMLHttpRequest, because fetch reports no upload progress. */
function send(me: Me, url: string, file: File, onProgress: (loaded: number, total: number) => void): Promise<UploadReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', uploadContentType(file));
    xhr.setRequestHeader('x-csrf-token', me.csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status === 201) resolve(body as UploadReport);
      else reject(new ProblemError(xhr.status, body as ConstructorParameters<typeof ProblemError>[1]));
    };
    xhr.send(file);
  });
}

function Upload({ me }: { me: Me }) {
  const agency = me.agency.id;
  const queryClient = useQueryClient();
  const profiles = useQuery({
    queryKey: ['attendance', 'card-file-profiles', agency],
    queryFn: () => api.get<{ items: CardFileProfile[] }>(`/api/attendance/agencies/${encodeURIComponent(agency)}/card-file-profiles`),
  });
  const [profile, setProfile] = useState('');
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<{ loaded: number; total: number }>();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ProblemError>();
  const [uploadId, setUploadId] = useState<string>();
  // Before submit, as the service's own checks say it (query.profile, query.filename).
  const [missing, setMissing] = useState<{ profile?: string; file?: string }>({});

  const fieldMessage = (field: string) => problem?.errors.find((e) => e.field === field)?.message;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const now = {
      ...(profile ? {} : { profile: '卡檔格式：請選擇' }),
      ...(file
        ? /\.(txt|csv|dat)$/i.test(file.name)
          ? {}
          : { file: '檔名：卡檔須為 .txt、.csv 或 .dat 檔' }
        : { file: '卡檔：請選擇檔案' }),
    };
    setMissing(now);
    if (!file || Object.keys(now).length > 0) return;
    setPending(true);
    setProblem(undefined);
    setUploadId(undefined);
    setProgress({ loaded: 0, total: file.size });
    const url = `/api/attendance/agencies/${encodeURIComponent(agency)}/card-files?${new URLSearchParams({ profile, filename: file.name })}`;
    try {
      const report = await send(me, url, file, (loaded, total) => setProgress({ loaded, total }));
      setUploadId(report.id);
      // New punches change weeks and anomalies.
      void queryClient.invalidateQueries({ queryKey: ['attendance'] });
    } catch (error) {
      setProblem(isProblem(error) ? error : networkError());
    } finally {
      setPending(false);
    }
  };
  const options = (profiles.data?.items ?? []).map((p) => [p.id, `${p.name}（${p.id}）`] as const);
  const profileError = missing.profile ?? fieldMessage('query.profile');
  const fileError = missing.file ?? fieldMessage('query.filename');
  const unplaced = problem && !fieldMessage('query.profile') && !fieldMessage('query.filename') ? problem : undefined;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>卡檔上傳</PageTitle>
        {isProblem(profiles.error) ? <ProblemMessage problem={profiles.error} onRetry={() => void profiles.refetch()} /> : null}
        {profiles.data && options.length === 0 ? <p className="muted">尚未設定卡檔格式，請先設定機關刷卡機的卡檔格式。</p> : null}
        <form onSubmit={(e) => void submit(e)} aria-label="卡檔上傳" noValidate>
          <div className="filters">
            <Choice id="profile" label="卡檔格式" value={profile} options={options} onChange={setProfile} errorMessage={profileError} />
            <div className="field">
              <label htmlFor="card-file">卡檔（.txt、.csv、.dat）</label>
              <input
                id="card-file"
                className="input"
                type="file"
                accept=".txt,.csv,.dat,text/plain,text/csv"
                aria-invalid={fileError ? true : undefined}
                aria-describedby={fileError ? 'card-file-error' : undefined}
                onChange={(e) => setFile(e.target.files?.[0])}
              />
              <FieldError id="card-file-error" message={fileError} />
            </div>
          </div>
          <p className="actions">
            <Button type="submit" isDisabled={pending}>
              {pending ? '上傳中…' : '上傳'}
            </Button>
          </p>
          {progress ? (
            <p className="field">
              <label htmlFor="upload-progress">上傳進度</label>
              <progress id="upload-progress" className="upload-progress" max={progress.total || 1} value={progress.loaded} />
              <span className="muted">{progress.total ? Math.round((progress.loaded / progress.total) * 100) : 100}%</span>
            </p>
          ) : null}
          {unplaced ? <ProblemMessage problem={unplaced} /> : null}
        </form>
      </section>
      {uploadId ? <Report agency={agency} uploadId={uploadId} /> : null}
    </>
  );
}

/** The kept report: counts, and the refused lines a page at a time (by line number). */
function Report({ agency, uploadId }: { agency: string; uploadId: string }) {
  // The `after` of each page seen, so 上一頁 goes back.
  const [pages, setPages] = useState<number[]>([0]);
  const after = pages[pages.length - 1]!;
  const report = useQuery({
    queryKey: ['attendance', 'card-file', agency, uploadId, after],
    queryFn: () =>
      api.get<UploadReport>(`/api/attendance/agencies/${encodeURIComponent(agency)}/card-files/${encodeURIComponent(uploadId)}`, {
        after,
        limit: REPORT_PAGE,
      }),
  });
  const data = report.data;
  const next = data ? nextAfter(data.refusedLines) : undefined;
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">上傳結果</h2>
      {isProblem(report.error) ? <ProblemMessage problem={report.error} onRetry={() => void report.refetch()} /> : null}
      {data ? (
        <>
          <dl className="report-counts" id="report-counts">
            <dt>檔名</dt>
            <dd>{data.filename}</dd>
            <dt>總行數</dt>
            <dd>{data.lines}</dd>
            <dt>已儲存</dt>
            <dd id="report-stored">{data.stored} 筆</dd>
            <dt>重複未再儲存</dt>
            <dd>{data.duplicates} 筆</dd>
            <dt>未儲存</dt>
            <dd id="report-refused">
              {refusedTotal(data)} 行（{refusedSummary(data)}）
            </dd>
          </dl>
          {data.refusedLines.length > 0 ? (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="未儲存的資料列">
              <table>
                <caption className="muted">未儲存的資料列</caption>
                <thead>
                  <tr>
                    <th scope="col">列號</th>
                    <th scope="col">原因</th>
                    <th scope="col">說明</th>
                    <th scope="col">內容</th>
                  </tr>
                </thead>
                <tbody>
                  {data.refusedLines.map((l) => (
                    <tr key={l.line}>
                      <th scope="row">第 {l.line} 行</th>
                      <td>{reasonLabel(l.reason)}</td>
                      <td>{l.detail}</td>
                      <td className="line-text">{l.text ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {pages.length > 1 || next !== undefined ? (
            <p className="actions">
              <Button className="secondary" isDisabled={pages.length === 1} onPress={() => setPages((p) => p.slice(0, -1))}>
                上一頁
              </Button>
              <Button
                className="secondary"
                isDisabled={next === undefined}
                onPress={() => next !== undefined && setPages((p) => [...p, next])}
              >
                下一頁
              </Button>
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">載入中…</p>
      )}
    </section>
  );
}
