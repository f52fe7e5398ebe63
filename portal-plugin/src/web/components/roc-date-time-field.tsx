import type { DateValue } from '@internationalized/date';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  I18nProvider,
  Label,
  Popover,
  Text,
} from 'react-aria-components';
import { formatRocDateLong } from '../lib/dates.ts';

/** zh-TW with the 民國 calendar: the segments and the calendar show ROC years (113/8/20). */
export const ROC_LOCALE = 'zh-TW-u-ca-roc';

/**
 * A date (or date and time, granularity "minute") typed or picked in the
 * 民國 calendar, with the day in words under it (`113年8月20日 (二)`). Values
 * are Gregorian CalendarDate/CalendarDateTime (what the API's dates are),
 * shown in TaiwanCalendar. The message beside it comes from the form.
 */
export function RocDateTimeField(props: {
  label: string;
  value: DateValue | null;
  onChange: (value: DateValue | null) => void;
  granularity?: 'day' | 'minute';
  errorMessage?: string | undefined;
  isRequired?: boolean;
  name?: string;
}) {
  const { label, value, onChange, granularity = 'minute', errorMessage, isRequired, name } = props;
  return (
    <I18nProvider locale={ROC_LOCALE}>
      <DatePicker
        className="field date-field"
        value={value}
        onChange={onChange}
        granularity={granularity}
        hourCycle={24}
        isRequired={isRequired}
        isInvalid={Boolean(errorMessage)}
        {...(name ? { name } : {})}
      >
        <Label>{label}</Label>
        <Group className="date-group">
          <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
          <Button className="calendar-button" aria-label={`開啟${label}月曆`}>
            ▾
          </Button>
        </Group>
        {value ? <Text slot="description">{formatRocDateLong(value)}</Text> : null}
        <FieldError className="field-error">{errorMessage}</FieldError>
        <Popover className="popover">
          <Dialog className="calendar-dialog" aria-label={`${label}月曆`}>
            <Calendar>
              <header className="calendar-header">
                <Button slot="previous" aria-label="上個月">
                  ‹
                </Button>
                <Heading />
                <Button slot="next" aria-label="下個月">
                  ›
                </Button>
              </header>
              <CalendarGrid>{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
            </Calendar>
          </Dialog>
        </Popover>
      </DatePicker>
    </I18nProvider>
  );
}
