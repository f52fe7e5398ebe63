// 差假事由 (seed 001, 11-3 差假事由編輯「新增機關人員常用事由」): the agency's
// common reasons, which 差假申請 offers under 事由 (free text still allowed).
// Each change — add, remove, move — saves the whole list at once, on the
// condition that nobody saved it since it was read (the service refuses
// otherwise and the page reads it again).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { setCommonReasonsCommand } from '@webitr/contracts/forms/leave-admin';
import type { CommonReasonsView } from '@webitr/contracts/views/leave-admin';
import { leaveAdmin, leaveAdminKeys } from '../../api/leave-admin.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';

export default function LeaveReasonsPage() {
  return <AdminFrame page="leave-reasons">{(ctx) => <Reasons {...ctx} />}</AdminFrame>;
}

function Reasons({ agency }: AdminContext) {
  const queryClient = useQueryClient();
  const key = leaveAdminKeys.reasons(agency.id);
  const list = useQuery({ queryKey: key, queryFn: () => leaveAdmin.reasons(agency.id) });
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string>();
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: (change: { reasons: string[]; note: string }) =>
      leaveAdmin.setReasons(agency.id, { reasons: change.reasons, version: list.data?.version ?? 0 }),
    onSuccess: (saved: CommonReasonsView, change) => {
      queryClient.setQueryData(key, saved);
      setNote(change.note);
    },
    onError: async (problem) => {
      // Saved by someone else meanwhile: read it again, so the next change starts from theirs.
      if (isProblem(problem) && problem.code === 'COMMON_REASONS_CHANGED') await list.refetch();
    },
  });
  if (isRefusal(list.error)) return <AdminRefusal problem={list.error} />;
  if (isRefusal(save.error)) return <AdminRefusal problem={save.error} />;
  const reasons = list.data?.reasons ?? [];
  const change = (next: string[], what: string) => {
    setNote('');
    save.mutate({ reasons: next, note: what });
  };
  const add = () => {
    const parsed = setCommonReasonsCommand.safeParse({ reasons: [...reasons, text], version: list.data?.version ?? 0 });
    if (!parsed.success) {
      setTextError(parsed.error.issues[0]?.message ?? '事由有誤');
      return;
    }
    setTextError(undefined);
    const added = parsed.data.reasons.at(-1)!;
    change(parsed.data.reasons, `已新增「${added}」。`);
    setText('');
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...reasons];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    change(next, `已將「${item}」${by < 0 ? '上移' : '下移'}。`);
  };
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>差假事由</PageTitle>
        <AgencyLine agency={agency} page="leave-reasons" />
        <p className="muted">本機關同仁在差假申請填寫「事由」時，可從這些常用事由選擇，也可自行輸入。</p>
        <form
          noValidate
          aria-label="新增常用事由"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <TextInput label="常用事由" name="reason" value={text} onChange={setText} error={textError} description="100 字以內" />
          <p className="actions">
            <Button type="submit" isDisabled={save.isPending || !list.data}>
              新增
            </Button>
          </p>
        </form>
        {save.error ? <ProblemMessage problem={isProblem(save.error) ? save.error : networkError()} /> : null}
        {note ? (
          <p role="status" className="muted">
            {note}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="reasons-title">
        <h2 id="reasons-title">常用事由{list.data ? `（${reasons.length} 則）` : ''}</h2>
        {list.error ? (
          <ProblemMessage problem={isProblem(list.error) ? list.error : networkError()} onRetry={() => void list.refetch()} />
        ) : null}
        {list.data && reasons.length === 0 ? <p className="muted">尚無常用事由。</p> : null}
        {reasons.length > 0 ? (
          <ol id="common-reasons" className="reason-list">
            {reasons.map((r, i) => (
              <li key={r}>
                <span>{r}</span>
                <span className="actions">
                  <Button
                    className="secondary"
                    aria-label={`上移「${r}」`}
                    isDisabled={i === 0 || save.isPending}
                    onPress={() => move(i, -1)}
                  >
                    上移
                  </Button>
                  <Button
                    className="secondary"
                    aria-label={`下移「${r}」`}
                    isDisabled={i === reasons.length - 1 || save.isPending}
                    onPress={() => move(i, 1)}
                  >
                    下移
                  </Button>
                  <Button
                    className="secondary"
                    aria-label={`刪除「${r}」`}
                    isDisabled={save.isPending}
                    onPress={() =>
                      change(
                        reasons.filter((x) => x !== r),
                        `已刪除「${r}」。`,
                      )
                    }
                  >
                    刪除
                  </Button>
                </span>
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </>
  );
}
