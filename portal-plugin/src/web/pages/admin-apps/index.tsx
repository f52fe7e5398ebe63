// 可用系統 / 個人權限設定 (seed 000: the SSO manager's 可用系統 and 機關預設可用系統;
// seed 001, 12-1): find people, tick or untick the app per person or for
// several at once, set the agency's default apps, grant 差勤管理者 or 機關管理員.
// An app revoked here ends the person's access at their next request (the
// gateway's cache of the person is dropped by the directory's event).
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import type { AgencySummary } from '@webitr/contracts/api/directory';
import { APP_NAMES, defaultAppsBody } from '@webitr/contracts/forms/directory';
import type { DefaultAppsBody, GrantedRole, SearchPeopleInput } from '@webitr/contracts/forms/directory';
import type { PersonListItem } from '@webitr/contracts/views/directory';
import { DIRECTORY_KEY, directory, directoryKeys } from '../../api/directory.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Check } from '../../components/check.tsx';
import { Choice } from '../../components/choice.tsx';
import { NationalIdView } from '../../components/national-id-view.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { Pager } from '../../components/pager.tsx';
import { PeopleSearch } from '../../components/people-search.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { statusLabel } from '../../lib/admin-labels.ts';
import { appLabel, roleLabel } from '../../lib/labels.ts';
import { entitlementSummary, keepListed, oneChange } from './logic.ts';

const PAGE_SIZE = 20;
const APPS = Object.keys(APP_NAMES);
/** The roles this page grants (系統管理者 is granted by system administrators elsewhere). */
const ROLES: readonly GrantedRole[] = ['attendance-manager', 'agency-admin'];

export default function AppsPage() {
  return <AdminFrame page="apps">{(ctx) => <Apps {...ctx} />}</AdminFrame>;
}

function Apps({ agency, may }: AdminContext) {
  const queryClient = useQueryClient();
  const canApps = may('manage-apps');
  const canRoles = may('manage-roles');
  const units = useQuery({ queryKey: directoryKeys.units(agency.id), queryFn: () => directory.listUnits(agency.id) });
  const [search, setSearch] = useState<SearchPeopleInput>({});
  const [page, setPage] = useState(1);
  const query = { ...search, page, pageSize: PAGE_SIZE };
  const people = useQuery({ queryKey: directoryKeys.people(agency.id, query), queryFn: () => directory.searchPeople(agency.id, query) });
  const [ticked, setSelected] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<ProblemError>();
  const items = people.data?.items ?? [];
  // Only those on the page shown count as selected (a new search or page leaves the rest out).
  const selected = keepListed(ticked, items);

  const settle = async (message: string) => {
    setFailure(undefined);
    setStatus(message);
    await queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY });
  };
  const fail = (error: unknown) => {
    setStatus('');
    setFailure(isProblem(error) ? error : networkError());
  };
  const toggleApp = useMutation({
    mutationFn: ({ person, app, on }: { person: PersonListItem; app: string; on: boolean }) =>
      on ? directory.grantApp(person.id, app) : directory.revokeApp(person.id, app),
    onSuccess: (_r, { person, app, on }) => settle(oneChange(on ? 'grant' : 'revoke', person.name, appLabel(app))),
    onError: fail,
  });
  const toggleRole = useMutation({
    mutationFn: ({ person, role, on }: { person: PersonListItem; role: GrantedRole; on: boolean }) =>
      on ? directory.grantRole(person.id, role) : directory.revokeRole(person.id, role),
    onSuccess: (_r, { person, role, on }) => settle(oneChange(on ? 'grant' : 'revoke', person.name, `「${roleLabel(role)}」角色`)),
    onError: fail,
  });
  const pending = toggleApp.isPending || toggleRole.isPending;

  if (isRefusal(people.error)) return <AdminRefusal problem={people.error} />;
  const total = people.data?.total ?? 0;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>可用系統</PageTitle>
        <AgencyLine agency={agency} page="apps" />
        <p>勾選人員可使用的系統（個人權限設定）。取消勾選後，該員下一次操作即無法再進入差勤系統。</p>
        {canApps ? null : <p className="notice">您可以查看；授權可用系統與角色須由{agency.name}的機關管理員辦理。</p>}
      </section>
      <DefaultApps agency={agency} canManage={may('manage-agency-settings')} />
      <section className="card" aria-labelledby="search-title">
        <h2 id="search-title">查詢員工</h2>
        <PeopleSearch
          units={units.data?.items ?? []}
          withApp
          onSearch={(s) => {
            setSearch(s);
            setPage(1);
          }}
        />
      </section>
      <section className="card" aria-labelledby="people-title">
        <h2 id="people-title">人員{people.data ? `（共 ${total} 人）` : ''}</h2>
        {people.error ? (
          <ProblemMessage problem={isProblem(people.error) ? people.error : networkError()} onRetry={() => void people.refetch()} />
        ) : null}
        <p role="status" id="apps-status" className="muted">
          {status}
        </p>
        {failure ? <ProblemMessage problem={failure} /> : null}
        {canApps ? <BulkBar agency={agency} selected={selected} onDone={settle} onFail={fail} /> : null}
        {people.data && items.length === 0 ? <p className="muted">查無符合條件的人員。</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="人員與可用系統">
            <table id="people-apps" className="wide">
              <thead>
                <tr>
                  {canApps ? <th scope="col">選取</th> : null}
                  <th scope="col">姓名</th>
                  <th scope="col">身分證字號</th>
                  <th scope="col">單位</th>
                  <th scope="col">在職狀態</th>
                  {APPS.map((app) => (
                    <th scope="col" key={app}>
                      {appLabel(app)}
                    </th>
                  ))}
                  {ROLES.map((role) => (
                    <th scope="col" key={role}>
                      {roleLabel(role)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    {canApps ? (
                      <td>
                        <Check
                          label={`選取 ${p.name}`}
                          isSelected={selected.has(p.id)}
                          onChange={(on) =>
                            setSelected((s) => {
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
                    <td>
                      <NationalIdView personId={p.id} name={p.name} masked={p.nationalIdMasked} />
                    </td>
                    <td>{p.unitName ?? ''}</td>
                    <td>
                      <span className={`status-tag ${p.status}`}>{statusLabel(p.status)}</span>
                    </td>
                    {APPS.map((app) => (
                      <td key={app}>
                        <Check
                          label={`${p.name}：${appLabel(app)}`}
                          isSelected={p.apps.includes(app)}
                          isDisabled={!canApps || pending}
                          onChange={(on) => toggleApp.mutate({ person: p, app, on })}
                        />
                      </td>
                    ))}
                    {ROLES.map((role) => (
                      <td key={role}>
                        <Check
                          label={`${p.name}：${roleLabel(role)}`}
                          isSelected={p.roles.some((r) => r.role === role && r.agencyId === agency.id)}
                          isDisabled={!canRoles || pending}
                          onChange={(on) => toggleRole.mutate({ person: p, role, on })}
                        />
                      </td>
                    ))}
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

/** Several people at once: the app to grant or revoke for everyone ticked (all of this agency, or nothing changes). */
function BulkBar(props: {
  agency: AgencySummary;
  selected: ReadonlySet<string>;
  onDone: (message: string) => Promise<void>;
  onFail: (e: unknown) => void;
}) {
  const { agency, selected, onDone, onFail } = props;
  const [app, setApp] = useState(agency.defaultApps[0] ?? APPS[0]!);
  const bulk = useMutation({
    mutationFn: (mode: 'grant' | 'revoke') =>
      (mode === 'grant' ? directory.grantApps : directory.revokeApps)(agency.id, { personIds: [...selected], apps: [app] }),
    onSuccess: (result, mode) => onDone(entitlementSummary(mode, result, appLabel(app))),
    onError: onFail,
  });
  const none = selected.size === 0;
  return (
    <div className="bulk-bar" role="group" aria-label="批次授權">
      <p id="selected-count">已選 {selected.size} 人</p>
      <Choice id="bulk-app" label="系統" value={app} options={Object.entries(APP_NAMES)} onChange={(v) => v && setApp(v)} />
      <Button isDisabled={none || bulk.isPending} onPress={() => bulk.mutate('grant')}>
        批次授權
      </Button>
      <Button className="secondary" isDisabled={none || bulk.isPending} onPress={() => bulk.mutate('revoke')}>
        批次取消
      </Button>
    </div>
  );
}

/** 機關預設可用系統: what everyone who joins the agency receives (people already there keep theirs). */
function DefaultApps({ agency, canManage }: { agency: AgencySummary; canManage: boolean }) {
  const queryClient = useQueryClient();
  const { control, handleSubmit, reset } = useForm<DefaultAppsBody>({
    resolver: zodResolver(defaultAppsBody),
    defaultValues: { apps: agency.defaultApps },
  });
  useEffect(() => reset({ apps: agency.defaultApps }), [agency.defaultApps, reset]);
  const save = useMutation<AgencySummary, ProblemError, DefaultAppsBody>({
    mutationFn: (body) => directory.setDefaultApps(agency.id, body),
    onSuccess: (saved) => queryClient.setQueryData(directoryKeys.agency(agency.id), saved),
  });
  const submit = handleSubmit((body) => save.mutate(body));
  return (
    <section className="card" aria-labelledby="default-apps-title">
      <h2 id="default-apps-title">機關預設可用系統</h2>
      <p className="muted">新增、匯入或轉入本機關的人員，會自動取得這些系統；已在職人員不受影響。</p>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="default-apps-title">
        <Controller
          control={control}
          name="apps"
          render={({ field }) => (
            <CheckboxGroup className="field" value={field.value} onChange={field.onChange} isDisabled={!canManage}>
              <Label>預設系統</Label>
              <div className="checks">
                {APPS.map((app) => (
                  <DefaultAppCheck key={app} app={app} />
                ))}
              </div>
            </CheckboxGroup>
          )}
        />
        {save.error ? <ProblemMessage problem={isProblem(save.error) ? save.error : networkError()} /> : null}
        {save.isSuccess ? (
          <p role="status" className="muted">
            已儲存機關預設可用系統。
          </p>
        ) : null}
        {canManage ? (
          <p className="actions">
            <Button type="submit" isDisabled={save.isPending}>
              儲存預設系統
            </Button>
          </p>
        ) : null}
      </form>
    </section>
  );
}

// Inside a CheckboxGroup the group owns the state: the checkbox gives only its value.
function DefaultAppCheck({ app }: { app: string }) {
  return (
    <Checkbox className="checkbox" value={app}>
      {({ isSelected }) => (
        <>
          <span className="checkbox-box" aria-hidden="true">
            {isSelected ? '✓' : ''}
          </span>
          {appLabel(app)}
        </>
      )}
    </Checkbox>
  );
}
