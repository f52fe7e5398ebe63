// 出勤時間 (管理, seed 001 5-6 機關差勤組別; seed 004's school hours): the
// schedule groups (班別) leave counts hours against and attendance judges
// punches by — fixed for every agency in @webitr/work-calendar, shown here —
// and the people's 班別, set one person or a unit's people at once. The
// 班別 is the directory's (the person's record, changed with its log entry),
// which both the leave and the punch service read on its change event.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { SearchPeopleInput } from '@webitr/contracts/forms/directory';
import { SCHEDULE_GROUPS, scheduleGroupById } from '@webitr/work-calendar/browser';
import type { ScheduleGroup } from '@webitr/work-calendar/browser';
import { DIRECTORY_KEY, directory, directoryKeys } from '../../api/directory.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Check } from '../../components/check.tsx';
import { Choice } from '../../components/choice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { Pager } from '../../components/pager.tsx';
import { PeopleSearch } from '../../components/people-search.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { keepListed } from '../admin-apps/logic.ts';

const PAGE_SIZE = 50;
/** No 班別 in the directory: each service takes its default (leave: by the person's rule set). */
const UNSET = 'none';

const groupName = (id: string | undefined) => {
  const group = scheduleGroupById(id);
  return group ? group.name : id ? `${id}（不明班別）` : '未設定';
};
const hours = (g: ScheduleGroup) => `${g.start}–${g.end}`;

export default function ScheduleGroupsPage() {
  return <AdminFrame page="schedule-groups">{(ctx) => <ScheduleGroups {...ctx} />}</AdminFrame>;
}

function ScheduleGroups({ agency, may }: AdminContext) {
  const queryClient = useQueryClient();
  const canSet = may('manage-people');
  const units = useQuery({ queryKey: directoryKeys.units(agency.id), queryFn: () => directory.listUnits(agency.id) });
  const [search, setSearch] = useState<SearchPeopleInput>({ status: 'active' });
  const [page, setPage] = useState(1);
  const query = { ...search, page, pageSize: PAGE_SIZE };
  const people = useQuery({ queryKey: directoryKeys.people(agency.id, query), queryFn: () => directory.searchPeople(agency.id, query) });
  const items = people.data?.items ?? [];
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  // Only those on the page shown count as selected (a new search or page leaves the rest out).
  const selected = keepListed(ticked, items);
  const [group, setGroup] = useState<string>(SCHEDULE_GROUPS[0]!.id);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<ProblemError>();

  // One person after another (the directory changes a person at a time, each with its log entry and event); stops at the first refusal.
  const assign = useMutation({
    mutationFn: async (ids: string[]) => {
      let done = 0;
      try {
        for (const id of ids) {
          await directory.updatePerson(id, { scheduleGroup: group === UNSET ? null : group });
          done++;
        }
      } finally {
        await queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY });
      }
      return done;
    },
    onMutate: () => {
      setStatus('');
      setFailure(undefined);
    },
    onSuccess: (done) => {
      setStatus(`已將 ${done} 人的班別設為「${group === UNSET ? '未設定' : groupName(group)}」`);
      setTicked(new Set());
    },
    onError: (error) => setFailure(isProblem(error) ? error : networkError()),
  });

  if (isRefusal(people.error)) return <AdminRefusal problem={people.error} />;
  const total = people.data?.total ?? 0;
  const allTicked = items.length > 0 && items.every((p) => selected.has(p.id));
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>出勤時間</PageTitle>
        <AgencyLine agency={agency} page="schedule-groups" />
        <p>
          各班別的上下班時間：請假時數依此計算，刷卡依此判定遲到、早退。班別目前由系統統一設定，各機關尚無法自訂；人員的班別於下方設定。
        </p>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="班別列表">
          <table id="schedule-groups">
            <thead>
              <tr>
                <th scope="col">班別</th>
                <th scope="col">上下班時間</th>
                <th scope="col">彈性上班</th>
                <th scope="col">午休</th>
                <th scope="col">遲到寬限</th>
              </tr>
            </thead>
            <tbody>
              {SCHEDULE_GROUPS.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.name}</th>
                  <td>{hours(g)}</td>
                  <td>{g.flexibleUntil ? `${g.start}–${g.flexibleUntil} 到班` : '無'}</td>
                  <td>{g.breaks.length ? g.breaks.map((b) => `${b.start}–${b.end}`).join('、') : '無'}</td>
                  <td>{g.graceMinutes} 分鐘</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="search-title">
        <h2 id="search-title">查詢員工</h2>
        <PeopleSearch
          units={units.data?.items ?? []}
          initial={{ status: 'active' }}
          onSearch={(s) => {
            setSearch(s);
            setPage(1);
          }}
        />
      </section>
      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">人員班別{people.data ? `（共 ${total} 人）` : ''}</h2>
        {people.error ? (
          <ProblemMessage problem={isProblem(people.error) ? people.error : networkError()} onRetry={() => void people.refetch()} />
        ) : null}
        {canSet ? (
          <div className="filters two">
            <Choice
              id="assign-group"
              label="設定班別為"
              value={group}
              options={[...SCHEDULE_GROUPS.map((g) => [g.id, `${g.name}（${hours(g)}）`] as const), [UNSET, '未設定'] as const]}
              onChange={(v) => v && setGroup(v)}
            />
            <p className="actions">
              <Button isDisabled={selected.size === 0 || assign.isPending} onPress={() => assign.mutate([...selected])}>
                {assign.isPending ? '設定中…' : `套用至勾選人員（${selected.size}）`}
              </Button>
            </p>
          </div>
        ) : (
          <p className="notice">您可以查看；人員班別須由{agency.name}的差勤管理者或機關管理員設定。</p>
        )}
        <p role="status" id="assign-status" className="muted">
          {status}
        </p>
        {failure ? <ProblemMessage problem={failure} /> : null}
        {people.data && items.length === 0 ? <p className="muted">查無符合條件的人員。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="人員與班別">
            <table id="people-groups">
              <thead>
                <tr>
                  {canSet ? (
                    <th scope="col">
                      <Check
                        label="全選本頁人員"
                        isSelected={allTicked}
                        onChange={(on) => setTicked(on ? new Set(items.map((p) => p.id)) : new Set())}
                      />
                    </th>
                  ) : null}
                  <th scope="col">姓名</th>
                  <th scope="col">單位</th>
                  <th scope="col">職稱</th>
                  <th scope="col">班別</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    {canSet ? (
                      <td>
                        <Check
                          label={`選取 ${p.name}`}
                          isSelected={selected.has(p.id)}
                          onChange={(on) =>
                            setTicked((s) => {
                              const next = new Set(s);
                              if (on) next.add(p.id);
                              else next.delete(p.id);
                              return next;
                            })
                          }
                        />
                      </td>
                    ) : null}
                    <th scope="row">{p.name}</th>
                    <td>{p.unitName ?? ''}</td>
                    <td>{p.title ?? p.jobCategory}</td>
                    <td>{groupName(p.scheduleGroup)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pager page={page} total={total} pageSize={PAGE_SIZE} onPage={setPage} />
      </section>
    </>
  );
}
