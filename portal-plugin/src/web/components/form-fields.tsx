// Small form field pieces on React Aria: a text field, a text area and
// the bridge between the form's date text (`2026-11-26 08:00`, what the
// contracts read) and the 民國 date picker's values.
import { CalendarDate, CalendarDateTime } from '@internationalized/date';
import type { DateValue } from '@internationalized/date';
import { Controller } from 'react-hook-form';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import { RocDateTimeField } from './roc-date-time-field.tsx';
import './form-fields.css';

/** `2026-11-26 08:00` → CalendarDateTime, `2026-11-26` → CalendarDate; anything else → null. */
export function dateValueOf(text: string | undefined): DateValue | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return m[4] === undefined ? new CalendarDate(y, mo, d) : new CalendarDateTime(y, mo, d, Number(m[4]), Number(m[5]));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The picker's value as the form keeps it (Gregorian: the picker shows 民國, the value stays ISO). */
export function textOfDateValue(value: DateValue | null, withTime: boolean): string {
  if (!value) return '';
  const day = `${value.year}-${pad(value.month)}-${pad(value.day)}`;
  if (!withTime) return day;
  const time = 'hour' in value ? `${pad(value.hour)}:${pad(value.minute)}` : '00:00';
  return `${day} ${time}`;
}

export function TextInput(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string | undefined;
  description?: string;
  isRequired?: boolean;
  multiline?: boolean;
  inputMode?: 'text' | 'numeric';
}) {
  const { label, name, value, onChange, onBlur, error, description, isRequired, multiline, inputMode } = props;
  return (
    <TextField
      className="field"
      name={name}
      value={value}
      onChange={onChange}
      {...(onBlur ? { onBlur } : {})}
      isInvalid={Boolean(error)}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <Label>
        {label}
        {isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      {multiline ? <TextArea className="text-input" rows={3} /> : <Input className="text-input" inputMode={inputMode} />}
      {description ? (
        <Text slot="description" className="muted small">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

/**
 * A form's date (or date and time) field: the form keeps the text the
 * contracts read (`2026-11-26`, `2026-11-26 08:00`), the person picks or types
 * it in the 民國 calendar; the form's message for it shows under it.
 */
export function FormDateField<F extends FieldValues>(props: {
  control: Control<F>;
  name: FieldPath<F>;
  label: string;
  withTime?: boolean;
  isRequired?: boolean;
}) {
  const { control, name, label, withTime = false, isRequired } = props;
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <RocDateTimeField
          label={label}
          name={name}
          granularity={withTime ? 'minute' : 'day'}
          {...(isRequired ? { isRequired } : {})}
          value={dateValueOf(field.value as string | undefined)}
          onChange={(v) => field.onChange(textOfDateValue(v, withTime))}
          errorMessage={fieldState.error?.message}
        />
      )}
    />
  );
}
