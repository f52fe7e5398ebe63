import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { MAX_DEPUTIES } from '@webitr/contracts/forms/leave';
import type { DeputyListView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { IdempotencyKeys } from '../../api/client.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { FieldError } from '../../components/field-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { colleagueLabel, moveLabel } from './logic.ts';
import type { Colleague } from './logic.ts';
import './deputies.css';

const DEPUTIES_KEY = ['leave', 'deputies'] as const;
type Deputy = DeputyListView['deputies'][number];

/** 代理人設定: my deputies in order (the first is offered first when I apply), add, 上移/下移, 移除. */
export default function DeputiesPage() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: DEPUTIES_KEY, queryFn: () => api.get<DeputyListView>('/api/leave/deputies') });
  const [removing, setRemoving] = useState<Deputy>();
  // Every change answers the whole list: show it at once, and let 差假申請's deputy picker read it again.
  const settle = (view: DeputyListView) => {
    queryClient.setQueryData(DEPUTIES_KEY, view);
    void queryClient.invalidateQueries({ queryKey: ['leave'], predicate: (q) => q.queryKey[1] !== 'deputies' });
  };
  const move = useMutation<DeputyListView, ProblemError, { personId: string; direction: 'up' | 'down' }>({
    mutationFn: ({ personId, direction }) => api.post(`/api/leave/deputies/${encodeURIComponent(personId)}/move`, { direction }),
    onSuccess: settle,
  });
  const remove = useMutation<DeputyListView, ProblemError, string>({
    mutationFn: (personId) => api.delete(`/api/leave/deputies/${encodeURIComponent(personId)}`),
    onSuccess: settle,
  });
  const deputies = list.data?.deputies ?? [];
  const pending = move.isPending || remove.isPending;
  const failure = move.error ?? remove.error;
  return (
    <>
      <section className="card">
        <PageTitle>代理人設定</PageTitle>
        <p>第一次使用需先設定代理人。請假時，差假申請會依此順序優先列出您的代理人。</p>
        {isProblem(list.error) ? <ProblemMessage problem={list.error} onRetry={() => void list.refetch()} /> : null}
        {failure ? <ProblemMessage problem={isProblem(failure) ? failure : networkError()} /> : null}
        {list.data && deputies.length === 0 ? <p className="muted">尚未設定代理人。</p> : null}
        {deputies.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="我的代理人">
            <table className="deputies">
              <caption>
                我的代理人（共 {deputies.length} 位，最多 {MAX_DEPUTIES} 位）
              </caption>
              <thead>
                <tr>
                  <th scope="col">序號</th>
                  <th scope="col">代理人</th>
                  <th scope="col">上移</th>
                  <th scope="col">下移</th>
                  <th scope="col">移除</th>
                </tr>
              </thead>
              <tbody>
                {deputies.map((d, i) => (
                  <tr key={d.personId}>
                    <td>{d.order}</td>
                    <th scope="row">
                      {d.name}
                      {d.unitName ? <span className="muted deputy-unit">{d.unitName}</span> : null}
                    </th>
                    <td>
                      <Button
                        className="secondary icon"
                        aria-label={moveLabel('up', d.name)}
                        isDisabled={pending || i === 0}
                        onPress={() => move.mutate({ personId: d.personId, direction: 'up' })}
                      >
                        ▲
                      </Button>
                    </td>
                    <td>
                      <Button
                        className="secondary icon"
                        aria-label={moveLabel('down', d.name)}
                        isDisabled={pending || i === deputies.length - 1}
                        onPress={() => move.mutate({ personId: d.personId, direction: 'down' })}
                      >
                        ▼
                      </Button>
                    </td>
                    <td>
                      <Button className="secondary" aria-label={`移除 ${d.name}`} isDisabled={pending} onPress={() => setRemoving(d)}>
                        移除
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <ConfirmDialog
          isOpen={Boolean(removing)}
          onOpenChange={(open) => (open ? undefined : setRemoving(undefined))}
          title="移除代理人"
          confirmLabel="移除"
          onConfirm={() => removing && remove.mutate(removing.personId)}
        >
          <p>是否確定將 {removing?.name} 自代理人名單移除？</p>
        </ConfirmDialog>
      </section>
      {list.data ? <AddDeputy listed={deputies} onAdded={settle} /> : null}
    </>
  );
}

/** 新增代理人: a colleague found by part of a name or unit (the directory's 代理人查詢: name, unit, title — no national ID). */
function AddDeputy({ listed, onAdded }: { listed: Deputy[]; onAdded: (view: DeputyListView) => void }) {
  const [text, setText] = useState('');
  // What was typed (the search), apart from the text the field shows once a colleague is chosen.
  const [term, setTerm] = useState('');
  const [chosen, setChosen] = useState<Colleague>();
  const [keys] = useState(() => new IdempotencyKeys());
  const q = term.trim();
  const search = useQuery({
    queryKey: ['directory', 'colleagues', q],
    queryFn: () => api.get<{ items: Colleague[] }>('/api/directory/colleagues', { q, pageSize: 20 }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const add = useMutation<DeputyListView, ProblemError, string>({
    mutationFn: (personId) => api.post('/api/leave/deputies', { personId }, { idempotencyKey: keys.keyFor({ personId }) }),
    onSuccess: (view) => {
      keys.done();
      setChosen(undefined);
      setText('');
      setTerm('');
      onAdded(view);
    },
  });
  const full = listed.length >= MAX_DEPUTIES;
  const found = (search.data?.items ?? []).filter((c) => !listed.some((d) => d.personId === c.personId));
  // The chosen one stays among the items, so the field keeps its selection.
  const options = chosen && !found.some((c) => c.personId === chosen.personId) ? [chosen, ...found] : found;
  const problem = add.error ? (isProblem(add.error) ? add.error : networkError()) : undefined;
  const fieldMessage = problem ? fieldErrorsFor(problem, ['personId'] as const).fields[0]?.message : undefined;
  const message = fieldMessage ? `${problem!.detail ?? fieldMessage}` : undefined;
  return (
    <section className="card" aria-labelledby="add-deputy-title">
      <h2 id="add-deputy-title">新增代理人</h2>
      {full ? <p>代理人最多{MAX_DEPUTIES}位，請先移除再新增。</p> : null}
      <form
        className="add-deputy"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) add.mutate(chosen.personId);
        }}
      >
        <ComboBox
          className="field"
          inputValue={text}
          onInputChange={(value) => {
            setText(value);
            if (chosen && value === colleagueLabel(chosen)) return;
            setChosen(undefined);
            setTerm(value);
          }}
          selectedKey={chosen?.personId ?? null}
          onSelectionChange={(key) => {
            const picked = options.find((c) => c.personId === key);
            setChosen(picked);
            if (picked) setText(colleagueLabel(picked));
          }}
          items={options}
          menuTrigger="input"
          isDisabled={full}
          isInvalid={Boolean(message)}
          allowsEmptyCollection
        >
          <Label>代理人（姓名或單位）</Label>
          <Input className="input" aria-describedby={message ? 'deputy-error' : undefined} />
          <Text slot="description" className="muted">
            輸入姓名或單位後，自清單選擇同仁。
          </Text>
          <Popover className="popover">
            <ListBox<Colleague>
              className="listbox"
              renderEmptyState={() => <p className="listbox-empty">{search.isFetching ? '搜尋中…' : '查無同仁'}</p>}
            >
              {(c) => (
                <ListBoxItem id={c.personId} textValue={colleagueLabel(c)} className="listbox-item">
                  <span className="colleague-name">{c.name}</span>
                  <span className="muted">{[c.unitName, c.title].filter(Boolean).join(' ')}</span>
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </ComboBox>
        <FieldError id="deputy-error" message={message} />
        {problem && !fieldMessage ? <ProblemMessage problem={problem} /> : null}
        {isProblem(search.error) ? <ProblemMessage problem={search.error} /> : null}
        <div className="actions">
          <Button type="submit" isDisabled={!chosen || add.isPending || full}>
            {add.isPending ? '新增中…' : '新增'}
          </Button>
        </div>
      </form>
    </section>
  );
}
