import type { ReactNode } from 'react';
import { Checkbox } from 'react-aria-components';

/** A React Aria checkbox with the app's 44 px target and a visible box; `children` is its visible label, or `label` names it for screen readers only. */
export function Check(props: {
  isSelected: boolean;
  onChange: (selected: boolean) => void;
  label?: string;
  isDisabled?: boolean;
  children?: ReactNode;
  value?: string;
}) {
  const { isSelected, onChange, label, isDisabled, children, value } = props;
  return (
    <Checkbox
      className="checkbox"
      isSelected={isSelected}
      onChange={onChange}
      {...(label ? { 'aria-label': label } : {})}
      {...(value ? { value } : {})}
      isDisabled={isDisabled ?? false}
    >
      <span className="checkbox-box" aria-hidden="true">
        {isSelected ? '✓' : ''}
      </span>
      {children}
    </Checkbox>
  );
}
