// 人員組織樹 (seed 001, 5-3 人員組織樹設定): the agency's units as a tree with
// each unit's head (單位主管), whom leave forms are routed to; 新增單位, and per
// unit 編輯 (name, 上級單位, head).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { createUnitBody, updateUnitBody } from '@webitr/contracts/forms/directory';
import type { CreateUnitBody, UpdateUnitBody } from '@webitr/contracts/forms/directory';
import type { UnitView } from '@webitr/contracts/views/directory';
import { IdempotencyKeys } from '../../api/client.ts';
import { DIRECTORY_KEY, directory, directoryKeys } from '../../api/directory.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { bodyResolver } from '../../lib/form-values.ts';
import { PersonPicker } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { possibleParents, unitPath, unitTree } from './logic.ts';
import type { UnitNode } from './logic.ts';

export default function UnitsPage() {
  return <AdminFrame page="units">{(ctx) => <Units {...ctx} />}</AdminFrame>;
}

function Units({ agency, may }: AdminContext) {
  const units = useQuery({ queryKey: directoryKeys.units(agency.id), queryFn: () => directory.listUnits(agency.id) });
  const [editing, setEditing] = useState<string>();
  if (isRefusal(units.error)) return <AdminRefusal problem={units.error} />;
  const list = units.data?.items ?? [];
  const canManage = may('manage-units');
  const renderNode = (node: UnitNode) => (
    <li key={node.unit.id}>
      <div className="unit-line">
        <span className="unit-name">{node.unit.name}</span>
        <span>單位主管：{node.unit.headName ?? '（未指定）'}</span>
        {canManage ? (
          <Button
            className="secondary"
            aria-label={`編輯 ${node.unit.name}`}
            onPress={() => setEditing(editing === node.unit.id ? undefined : node.unit.id)}
          >
            編輯
          </Button>
        ) : null}
      </div>
      {editing === node.unit.id ? (
        <UnitForm agencyId={agency.id} units={list} unit={node.unit} onDone={() => setEditing(undefined)} />
      ) : null}
      {node.children.length > 0 ? <ul>{node.children.map(renderNode)}</ul> : null}
    </li>
  );
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>人員組織樹</PageTitle>
        <AgencyLine agency={agency} page="units" />
        <p className="muted">差假的批核流程依單位主管逐級往上；未指定主管的單位會略過。</p>
        {units.error ? (
          <ProblemMessage problem={isProblem(units.error) ? units.error : networkError()} onRetry={() => void units.refetch()} />
        ) : null}
        {units.data && list.length === 0 ? <p className="muted">尚未建立單位。</p> : null}
        {list.length > 0 ? (
          <ul className="unit-tree" id="unit-tree" aria-label="人員組織樹">
            {unitTree(list).map(renderNode)}
          </ul>
        ) : null}
      </section>
      {canManage && units.data ? (
        <section className="card" aria-labelledby="new-unit-title">
          <h2 id="new-unit-title">新增單位</h2>
          <UnitForm agencyId={agency.id} units={list} onDone={() => undefined} />
        </section>
      ) : null}
    </>
  );
}

interface UnitFields {
  name: string;
  parentId: string;
  head: { id: string; name: string } | undefined;
}
const UNIT_FIELDS = ['name', 'parentId', 'headPersonId'] as const;

/** 新增單位 (no `unit`) or 編輯 one: the contracts' createUnitBody / updateUnitBody (an emptied 上級單位 or head is cleared). */
function UnitForm({ agencyId, units, unit, onDone }: { agencyId: string; units: UnitView[]; unit?: UnitView; onDone: () => void }) {
  const queryClient = useQueryClient();
  const keys = useRef(new IdempotencyKeys());
  const toBody = (f: UnitFields): CreateUnitBody | UpdateUnitBody =>
    unit
      ? { version: unit.version, name: f.name, parentId: f.parentId || null, headPersonId: f.head?.id ?? null }
      : { name: f.name, ...(f.parentId ? { parentId: f.parentId } : {}), ...(f.head ? { headPersonId: f.head.id } : {}) };
  const resolver = bodyResolver<UnitFields>(unit ? updateUnitBody : createUnitBody, toBody);
  const initial: UnitFields = {
    name: unit?.name ?? '',
    parentId: unit?.parentId ?? '',
    head: unit?.headPersonId ? { id: unit.headPersonId, name: unit.headName ?? unit.headPersonId } : undefined,
  };
  const { control, handleSubmit, setError, reset } = useForm<UnitFields>({ resolver, defaultValues: initial });
  const [done, setDone] = useState('');
  // A new form after each unit added: the head's picker keeps what was typed in its own state.
  const [round, setRound] = useState(0);
  const save = useMutation<UnitView, ProblemError, CreateUnitBody | UpdateUnitBody>({
    mutationFn: (body) =>
      unit
        ? directory.updateUnit(unit.id, body as UpdateUnitBody)
        : directory.createUnit(agencyId, body as CreateUnitBody, keys.current.keyFor(body)),
    onSuccess: async (saved) => {
      keys.current.done();
      setDone(unit ? `已更新「${saved.name}」。` : `已新增「${saved.name}」。`);
      if (!unit) {
        reset({ name: '', parentId: '', head: undefined });
        setRound((n) => n + 1);
      }
      await queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY });
      if (unit) onDone();
    },
    onError: (problem) => {
      setDone('');
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, UNIT_FIELDS).fields)
        setError(name === 'headPersonId' ? 'head' : name, { type: 'server', message });
    },
  });
  const submit = handleSubmit((body) => save.mutate(body as unknown as CreateUnitBody | UpdateUnitBody));
  const parents = possibleParents(unit, units);
  const formId = unit ? `unit-${unit.id}` : 'new-unit';
  return (
    <form className="unit-form" onSubmit={(e) => void submit(e)} noValidate aria-label={unit ? `編輯 ${unit.name}` : '新增單位'}>
      <div className="filters">
        <Controller
          control={control}
          name="name"
          render={({ field, fieldState }) => (
            <TextInput
              label="單位名稱"
              name="name"
              isRequired
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="parentId"
          render={({ field, fieldState }) => (
            <Choice
              id={`${formId}-parent`}
              label="上級單位"
              value={field.value}
              options={[['', '（無，最上層）'], ...parents.map((u) => [u.id, unitPath(u, units)] as const)]}
              onChange={field.onChange}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="head"
          render={({ field, fieldState }) => (
            <PersonPicker
              key={round}
              id={`${formId}-head`}
              label="單位主管"
              agencyId={agencyId}
              status="active"
              value={field.value}
              onChange={field.onChange}
              description="輸入姓名後選擇；清空即不指定主管"
              errorMessage={fieldState.error?.message}
            />
          )}
        />
      </div>
      {save.error && (!isProblem(save.error) || fieldErrorsFor(save.error, UNIT_FIELDS).fields.length === 0) ? (
        <ProblemMessage problem={isProblem(save.error) ? save.error : networkError()} />
      ) : null}
      {done ? (
        <p role="status" className="muted">
          {done}
        </p>
      ) : null}
      <p className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          {unit ? '儲存' : '新增單位'}
        </Button>
        {unit ? (
          <Button className="secondary" onPress={onDone}>
            取消
          </Button>
        ) : null}
      </p>
    </form>
  );
}
