// The fields of a person (新增人員 and 編輯), on React Aria, bound to the form.
import { Controller } from 'react-hook-form';
import type { Control, FieldErrors } from 'react-hook-form';
import { JOB_CATEGORIES } from '@webitr/contracts/forms/directory';
import type { UnitView } from '@webitr/contracts/views/directory';
import { Choice } from '../../components/choice.tsx';
import { TextInput, dateValueOf, textOfDateValue } from '../../components/form-fields.tsx';
import { RocDateTimeField } from '../../components/roc-date-time-field.tsx';
import type { PersonFields } from './logic.ts';
import { messageAt } from './logic.ts';

type TextField = 'name' | 'email' | 'title' | 'scheduleGroup' | 'cardNumbers' | 'nationalId';

export function PersonFieldset(props: {
  control: Control<PersonFields>;
  errors: FieldErrors<PersonFields>;
  units: readonly UnitView[];
  /** 新增: the number is required; 編輯: typed only to correct it (the current one is shown masked above). */
  nationalId: 'new' | 'correct';
}) {
  const { control, errors, units, nationalId } = props;
  const text = (name: TextField, label: string, extra: { isRequired?: boolean; description?: string } = {}) => (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <TextInput
          label={label}
          name={name}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          error={messageAt(errors, name)}
          {...extra}
        />
      )}
    />
  );
  return (
    <div className="filters two">
      {nationalId === 'new'
        ? text('nationalId', '身分證字號', { isRequired: true })
        : text('nationalId', '更正身分證字號', { description: '僅在號碼有誤時輸入正確號碼；留空則不變更' })}
      {text('name', '姓名', { isRequired: true })}
      <Controller
        control={control}
        name="jobCategory"
        render={({ field }) => (
          <Choice
            id="person-job-category"
            label="職務類別 *"
            value={field.value}
            options={JOB_CATEGORIES.map((c) => [c, c] as const)}
            onChange={field.onChange}
            errorMessage={messageAt(errors, 'jobCategory')}
          />
        )}
      />
      <Controller
        control={control}
        name="unitId"
        render={({ field }) => (
          <Choice
            id="person-unit"
            label="單位"
            value={field.value}
            options={[['', '（未指定）'], ...units.map((u) => [u.id, u.name] as const)]}
            onChange={field.onChange}
            errorMessage={messageAt(errors, 'unitId')}
          />
        )}
      />
      {text('title', '職稱')}
      {text('email', '電子郵件', { description: '公務信箱；以電子郵件登入入口網的機關據此辨識人員' })}
      {text('scheduleGroup', '班別', { description: '出勤時間組別，如 教師、職員' })}
      <Controller
        control={control}
        name="serviceStartDate"
        render={({ field }) => (
          <RocDateTimeField
            label="到職日期"
            name="serviceStartDate"
            granularity="day"
            value={dateValueOf(field.value)}
            onChange={(v) => field.onChange(textOfDateValue(v, false))}
            errorMessage={messageAt(errors, 'serviceStartDate')}
          />
        )}
      />
      {text('cardNumbers', '卡號', { description: '刷卡機的卡號，最多 5 張，以逗號分隔' })}
    </div>
  );
}
