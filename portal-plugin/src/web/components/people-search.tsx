// 查詢員工: the search both 可用系統 and 基本資料維護 start from — name, unit,
// status, national ID (a masked number or its first characters; a full one is
// matched by the directory's keyed hash and never shown back), and the app.
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useForm } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { EMPLOYMENT_STATUS_NAMES, APP_NAMES, searchPeopleBody } from '@webitr/contracts/forms/directory';
import type { SearchPeopleInput } from '@webitr/contracts/forms/directory';
import type { UnitView } from '@webitr/contracts/views/directory';
import { withoutBlanks } from '../lib/form-values.ts';
import { Choice } from './choice.tsx';
import { TextInput } from './form-fields.tsx';

type SearchFields = Pick<SearchPeopleInput, 'name' | 'unitId' | 'status' | 'nationalId' | 'app'>;
const raw = zodResolver(searchPeopleBody, undefined, { raw: true });
const resolver: Resolver<SearchFields> = (values, context, options) => raw(withoutBlanks(values, []), context, options);

const ALL = [['', '全部']] as const;

export function PeopleSearch(props: {
  units: readonly UnitView[];
  initial?: SearchFields;
  withApp?: boolean;
  onSearch: (search: SearchFields) => void;
}) {
  const { units, initial = {}, withApp = false, onSearch } = props;
  const { control, handleSubmit, reset } = useForm<SearchFields>({ resolver, defaultValues: initial, mode: 'onSubmit' });
  const submit = handleSubmit((values) => onSearch(withoutBlanks(values, [])));
  const statuses = Object.entries(EMPLOYMENT_STATUS_NAMES) as [string, string][];
  return (
    <form className="people-search" aria-label="查詢員工" onSubmit={(e) => void submit(e)} noValidate>
      <div className="filters">
        <Controller
          control={control}
          name="name"
          render={({ field, fieldState }) => (
            <TextInput label="姓名" name="name" value={field.value ?? ''} onChange={field.onChange} error={fieldState.error?.message} />
          )}
        />
        <Controller
          control={control}
          name="unitId"
          render={({ field, fieldState }) => (
            <Choice
              id="search-unit"
              label="單位"
              value={field.value ?? ''}
              options={[...ALL, ...units.map((u) => [u.id, u.name] as const)]}
              onChange={field.onChange}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="status"
          render={({ field }) => (
            <Choice
              id="search-status"
              label="在職狀態"
              value={field.value ?? ''}
              options={[...ALL, ...statuses]}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={control}
          name="nationalId"
          render={({ field, fieldState }) => (
            <TextInput
              label="身分證字號"
              name="nationalId"
              value={field.value ?? ''}
              onChange={field.onChange}
              description="完整號碼、遮罩後的號碼（如 A12*****89）或前 1 至 3 碼"
              error={fieldState.error?.message}
            />
          )}
        />
        {withApp ? (
          <Controller
            control={control}
            name="app"
            render={({ field }) => (
              <Choice
                id="search-app"
                label="可用系統"
                value={field.value ?? ''}
                options={[...ALL, ...Object.entries(APP_NAMES)]}
                onChange={field.onChange}
              />
            )}
          />
        ) : null}
      </div>
      <p className="actions">
        <Button type="submit">查詢</Button>
        <Button
          className="secondary"
          onPress={() => {
            reset({});
            onSearch({});
          }}
        >
          清除條件
        </Button>
      </p>
    </form>
  );
}
