// 事由 with the agency's common reasons (差假事由, seed 001 11-3) offered as
// suggestions: a RAC ComboBox that still takes any text typed. The list opens
// from its button, or while typing when a reason matches; without common
// reasons it is the plain text area it always was.
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { FieldError } from './field-error.tsx';
import { TextInput } from './form-fields.tsx';

export function ReasonField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  reasons: readonly string[];
  error?: string | undefined;
  isRequired?: boolean;
}) {
  const { id, label, value, onChange, onBlur, reasons, error, isRequired } = props;
  if (reasons.length === 0)
    return (
      <TextInput
        label={label}
        name="reason"
        multiline
        isRequired={isRequired}
        value={value}
        onChange={onChange}
        {...(onBlur ? { onBlur } : {})}
        error={error}
      />
    );
  const errorId = `${id}-error`;
  const items = reasons.map((text) => ({ id: text, text }));
  return (
    <ComboBox
      id={id}
      className="field reason-field"
      name="reason"
      allowsCustomValue
      inputValue={value}
      onInputChange={onChange}
      onSelectionChange={(key) => key !== null && onChange(String(key))}
      {...(onBlur ? { onBlur } : {})}
      defaultItems={items}
      isInvalid={Boolean(error)}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <Label>
        {label}
        {isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <div className="combo-input">
        <Input className="text-input" aria-describedby={error ? errorId : undefined} />
        <Button className="select-button" aria-label="常用事由">
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      <Text slot="description" className="muted small">
        可自清單選擇常用事由，或自行輸入。
      </Text>
      <Popover className="popover">
        <ListBox<{ id: string; text: string }> className="listbox">
          {(item) => (
            <ListBoxItem id={item.id} textValue={item.text} className="listbox-item">
              {item.text}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
      <FieldError id={errorId} message={error} />
    </ComboBox>
  );
}
