import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { FieldError } from './field-error.tsx';

/** A RAC Select of fixed choices (the listbox's look comes with the page's stylesheet), with the field's problem under it. */
export function Choice(props: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
  errorMessage?: string | undefined;
  placeholder?: string;
}) {
  const errorId = `${props.id}-error`;
  return (
    <Select
      id={props.id}
      className="field"
      selectedKey={props.value}
      onSelectionChange={(key) => props.onChange(String(key ?? ''))}
      placeholder={props.placeholder ?? '請選擇'}
      isInvalid={Boolean(props.errorMessage)}
      aria-describedby={props.errorMessage ? errorId : undefined}
    >
      <Label>{props.label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {props.options.map(([id, text]) => (
            <ListBoxItem key={id} id={id} className="listbox-item">
              {text}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
      <FieldError id={errorId} message={props.errorMessage} />
    </Select>
  );
}
