import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { parseDate } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';
import {
  Button,
  Checkbox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  TextField,
} from 'react-aria-components';
import { Link } from 'react-router';
import { FORM_KIND_LABEL } from '@webitr/contracts/forms/leave';
import type { BatchApproveView, InboxItemView, InboxView } from '@webitr/contracts/views/approval';
import { api } from '../../api/index.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';
import { HistoryPanel } from './history.tsx';
import { approveLabel, batchSummary, inboxQueryOf, matchesApplicant, SUBJECT_LABEL } from './logic.ts';
import type { InboxFilter } from './logic.ts';
import { APPROVALS_KEY, durationText, formTitle, nameOf, periodText, useWide } from './shared.tsx';

/** 批核案件: what waits for me (filters, batch approval) and 批核紀錄, what I decided. */
export function InboxPage() {
  return (
    <section className="card">
      <PageTitle>批核案件</PageTitle>
      <Tabs>
        <TabList className="tabs" aria-label="批核案件">
          <Tab id="waiting" className="tab">
            待批核
          </Tab>
          <Tab id="history" className="tab">
            批核紀錄
          </Tab>
        </TabList>
        <TabPanel id="waiting">
          <Waiting />
        </TabPanel>
        <TabPanel id="history">
          <HistoryPanel />
        </TabPanel>
      </Tabs>
    </section>
  );
}

function Waiting() {
  const queryClient = useQueryClient();
  const wide = useWide();
  const [filter, setFilter] = useState<InboxFilter>({});
  const [applicant, setApplicant] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const built = inboxQueryOf(filter);
  const query = built.ok ? built.query : {};
  const inbox = useQuery({
    queryKey: [...APPROVALS_KEY, 'inbox', query],
    queryFn: () => api.get<InboxView>('/api/approvals/inbox', { ...query, limit: 200 }),
    enabled: built.ok,
  });
  // The chosen cases travel with the request, so the result can name them after the inbox (refetched) no longer holds them.
  const batch = useMutation<BatchApproveView, ProblemError, InboxItemView[]>({
    mutationFn: (cases) => api.post<BatchApproveView>('/api/approvals/decisions/batch', { caseIds: cases.map((c) => c.caseId) }),
    onSuccess: () => setSelected(new Set()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: APPROVALS_KEY }),
  });
  const items = (inbox.data?.items ?? []).filter((i) => matchesApplicant(i.form.applicant.name, applicant));
  const toggle = (caseId: string, on: boolean) =>
    setSelected((now) => {
      const next = new Set(now);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });
  const chosen = items.filter((i) => selected.has(i.caseId));
  const day = (v: DateValue | null) => (v ? v.toString().slice(0, 10) : undefined);

  return (
    <>
      <form className="filters" aria-label="篩選條件" onSubmit={(e) => e.preventDefault()}>
        <Choice
          label="表單類別"
          value={filter.kind ?? ''}
          options={[['', '全部'], ...Object.entries(FORM_KIND_LABEL)]}
          onChange={(kind) => setFilter({ ...filter, kind: kind || undefined })}
        />
        <Choice
          label="案件類別"
          value={filter.subject ?? ''}
          options={[['', '全部'], ...Object.entries(SUBJECT_LABEL)]}
          onChange={(subject) => setFilter({ ...filter, subject: subject || undefined })}
        />
        <TextField className="field" value={applicant} onChange={setApplicant}>
          <Label>申請人</Label>
          <Input className="input" placeholder="姓名" />
        </TextField>
        <RocDateTimeField
          label="送出日期起"
          granularity="day"
          value={filter.from ? parseDate(filter.from) : null}
          onChange={(v) => setFilter({ ...filter, from: day(v) })}
        />
        <RocDateTimeField
          label="送出日期迄"
          granularity="day"
          value={filter.to ? parseDate(filter.to) : null}
          onChange={(v) => setFilter({ ...filter, to: day(v) })}
          errorMessage={built.ok ? undefined : built.message}
        />
      </form>

      {isProblem(inbox.error) ? <ProblemMessage problem={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
      <p className="muted" aria-live="polite">
        {inbox.isPending && built.ok ? '載入中…' : `共 ${items.length} 件待批核`}
      </p>

      {items.length > 0 ? (
        <div className="batch-bar">
          <Button isDisabled={chosen.length === 0 || batch.isPending} onPress={() => batch.mutate(chosen)}>
            {batch.isPending ? '核准中…' : `批次核准（已選 ${chosen.length} 件）`}
          </Button>
        </div>
      ) : null}
      {batch.error ? <ProblemMessage problem={isProblem(batch.error) ? batch.error : networkError()} /> : null}
      {batch.data && batch.variables ? <BatchResult view={batch.data} items={batch.variables} /> : null}

      {items.length === 0 ? null : wide ? (
        <InboxTable items={items} names={inbox.data?.names} selected={selected} toggle={toggle} />
      ) : (
        <ul className="case-cards" aria-label="待批核案件">
          {items.map((item) => (
            <li key={item.caseId} className="case-card">
              <SelectBox item={item} selected={selected} toggle={toggle} />
              <div>
                <p className="case-card-title">
                  <Link to={`/approvals/${encodeURIComponent(item.caseId)}`}>
                    {item.form.applicant.name ?? item.applicantId} {formTitle(item.form)}
                    {item.subject === 'cancellation' ? '（撤銷）' : ''}
                  </Link>
                </p>
                <p>{periodText(item.form)}</p>
                <p className="muted">
                  共 {durationText(item.form)}・{item.step}
                  {item.final ? '（決行）' : ''}・送出 {formatRocDateTime(item.openedAt)}
                </p>
                {item.onBehalfOf ? <p className="on-behalf">代理 {nameOf(inbox.data?.names, item.onBehalfOf)} 批核</p> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function SelectBox({
  item,
  selected,
  toggle,
}: {
  item: InboxItemView;
  selected: ReadonlySet<string>;
  toggle: (caseId: string, on: boolean) => void;
}) {
  return (
    <Checkbox
      className="checkbox"
      isSelected={selected.has(item.caseId)}
      onChange={(on) => toggle(item.caseId, on)}
      aria-label={`選取 ${item.form.applicant.name ?? item.applicantId} ${formTitle(item.form)} ${periodText(item.form)}`}
    >
      <span className="checkbox-box" aria-hidden="true">
        {selected.has(item.caseId) ? '✓' : ''}
      </span>
    </Checkbox>
  );
}

function InboxTable(props: {
  items: InboxItemView[];
  names: Record<string, string> | undefined;
  selected: ReadonlySet<string>;
  toggle: (caseId: string, on: boolean) => void;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="待批核案件">
      <table>
        <caption className="visually-hidden">待批核案件</caption>
        <thead>
          <tr>
            <th scope="col">選取</th>
            <th scope="col">申請人</th>
            <th scope="col">類別</th>
            <th scope="col">期間</th>
            <th scope="col">共計</th>
            <th scope="col">關卡</th>
            <th scope="col">送出時間</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr key={item.caseId}>
              <td>
                <SelectBox item={item} selected={props.selected} toggle={props.toggle} />
              </td>
              <th scope="row">
                <Link to={`/approvals/${encodeURIComponent(item.caseId)}`}>{item.form.applicant.name ?? item.applicantId}</Link>
                {item.form.applicant.unitName ? <span className="muted"> {item.form.applicant.unitName}</span> : null}
              </th>
              <td>
                {formTitle(item.form)}
                {item.subject === 'cancellation' ? '（撤銷）' : ''}
              </td>
              <td>{periodText(item.form)}</td>
              <td>{durationText(item.form)}</td>
              <td>
                {item.step}（{approveLabel(item)}）
                {item.onBehalfOf ? <span className="on-behalf"> 代理 {nameOf(props.names, item.onBehalfOf)}</span> : null}
              </td>
              <td>{formatRocDateTime(item.openedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a batch did, case by case: the refused ones with the service's reason. */
function BatchResult({ view, items }: { view: BatchApproveView; items: InboxItemView[] }) {
  const describe = (caseId: string) => {
    const item = items.find((i) => i.caseId === caseId);
    return item ? `${item.form.applicant.name ?? item.applicantId} ${formTitle(item.form)} ${periodText(item.form)}` : caseId;
  };
  return (
    <section className="batch-result" aria-labelledby="batch-result-title" role="status">
      <h2 id="batch-result-title">{batchSummary(view)}</h2>
      <ul>
        {view.results.map((r) => (
          <li key={r.caseId} className={r.ok ? 'ok' : 'refused'}>
            {describe(r.caseId)}：{r.ok ? r.result : `未核准，${r.detail}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A RAC Select of fixed choices ('' = all). */
function Choice(props: { label: string; value: string; options: [string, string][]; onChange: (value: string) => void }) {
  return (
    <Select className="field" selectedKey={props.value} onSelectionChange={(key) => props.onChange(String(key ?? ''))}>
      <Label>{props.label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {props.options.map(([id, text]) => (
            <ListBoxItem key={id} id={id} className="listbox-item">
              {text}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
