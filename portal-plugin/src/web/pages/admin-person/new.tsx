// 新增人員: a person joins the agency (with its 機關預設可用系統); then their page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { createPersonBody } from '@webitr/contracts/forms/directory';
import type { CreatePersonBody } from '@webitr/contracts/forms/directory';
import type { PersonDetail } from '@webitr/contracts/views/directory';
import { IdempotencyKeys } from '../../api/client.ts';
import { DIRECTORY_KEY, directory, directoryKeys } from '../../api/directory.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AgencyLine } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { bodyResolver } from '../../lib/form-values.ts';
import { appLabel } from '../../lib/labels.ts';
import { EMPTY_PERSON, PERSON_FIELDS, createBody } from './logic.ts';
import type { PersonFields } from './logic.ts';
import { PersonFieldset } from './person-fields.tsx';

const resolver = bodyResolver<PersonFields>(createPersonBody, createBody);

export default function NewPersonPage() {
  return <AdminFrame page="person-new">{(ctx) => <NewPerson {...ctx} />}</AdminFrame>;
}

function NewPerson({ agency }: AdminContext) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useRef(new IdempotencyKeys());
  const units = useQuery({ queryKey: directoryKeys.units(agency.id), queryFn: () => directory.listUnits(agency.id) });
  const { control, handleSubmit, setError, formState } = useForm<PersonFields>({
    resolver,
    defaultValues: EMPTY_PERSON,
    mode: 'onTouched',
  });
  const create = useMutation<PersonDetail, ProblemError, CreatePersonBody>({
    mutationFn: (body) => directory.createPerson(agency.id, body, keys.current.keyFor(body)),
    onSuccess: async (person) => {
      keys.current.done();
      await queryClient.invalidateQueries({ queryKey: DIRECTORY_KEY });
      await navigate(adminUrl(agency.id, 'people/:personId', { personId: person.id }));
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, PERSON_FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  // With a raw resolver the submitted values are the body the schema accepted.
  const submit = handleSubmit((body) => create.mutate(body as unknown as CreatePersonBody));
  const unplaced = create.error && isProblem(create.error) && fieldErrorsFor(create.error, PERSON_FIELDS).fields.length === 0;
  return (
    <section className="card" aria-labelledby="page-title">
      <PageTitle>新增人員</PageTitle>
      <AgencyLine agency={agency} page="person-new" />
      <p className="muted">
        新人員會取得機關預設可用系統
        {agency.defaultApps.length > 0 ? `（${agency.defaultApps.map(appLabel).join('、')}）` : ''}。標示 * 者為必填。
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="page-title">
        <PersonFieldset control={control} errors={formState.errors} units={units.data?.items ?? []} nationalId="new" />
        {unplaced || (create.error && !isProblem(create.error)) ? (
          <ProblemMessage problem={isProblem(create.error) ? create.error : networkError()} />
        ) : null}
        <p className="actions">
          <Button type="submit" isDisabled={create.isPending}>
            {create.isPending ? '新增中…' : '新增人員'}
          </Button>
        </p>
      </form>
    </section>
  );
}
