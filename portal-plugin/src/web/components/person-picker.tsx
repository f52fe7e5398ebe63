// One person of the agency, found by part of the name (the directory's 查詢員工,
// national IDs masked), for a unit's head or the change log's who and whom.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import type { EmploymentStatus } from '@webitr/contracts/forms/directory';
import type { PersonListItem } from '@webitr/contracts/views/directory';
import { directory, directoryKeys } from '../api/directory.ts';
import { FieldError } from './field-error.tsx';

export interface PickedPerson {
  id: string;
  name: string;
}

const describe = (p: Pick<PersonListItem, 'name' | 'unitName' | 'title'>) => [p.name, p.unitName, p.title].filter(Boolean).join(' ');

export function PersonPicker(props: {
  id: string;
  label: string;
  agencyId: string;
  value: PickedPerson | undefined;
  onChange: (person: PickedPerson | undefined) => void;
  status?: EmploymentStatus;
  description?: string;
  errorMessage?: string | undefined;
}) {
  const { id, label, agencyId, value, onChange, status, description, errorMessage } = props;
  const [text, setText] = useState(value?.name ?? '');
  const [term, setTerm] = useState('');
  const name = term.trim();
  const search = { name, ...(status ? { status } : {}), pageSize: 20 };
  const found = useQuery({
    queryKey: directoryKeys.people(agencyId, search),
    queryFn: () => directory.searchPeople(agencyId, search),
    enabled: name.length > 0,
    staleTime: 60_000,
  });
  const items = found.data?.items ?? [];
  const options = value && !items.some((p) => p.id === value.id) ? [{ id: value.id, name: value.name } as PersonListItem, ...items] : items;
  const errorId = `${id}-error`;
  return (
    <ComboBox
      id={id}
      className="field"
      inputValue={text}
      onInputChange={(v) => {
        setText(v);
        if (value && v === value.name) return;
        if (value) onChange(undefined);
        setTerm(v);
      }}
      selectedKey={value?.id ?? null}
      onSelectionChange={(key) => {
        const picked = options.find((p) => p.id === key);
        onChange(picked ? { id: picked.id, name: picked.name } : undefined);
        if (picked) setText(picked.name);
      }}
      items={options}
      menuTrigger="input"
      isInvalid={Boolean(errorMessage)}
      allowsEmptyCollection
    >
      <Label>{label}</Label>
      <Input className="text-input" aria-describedby={errorMessage ? errorId : undefined} />
      <Text slot="description" className="muted small">
        {description ?? '輸入姓名後，自清單選擇人員。'}
      </Text>
      <Popover className="popover">
        <ListBox<PersonListItem>
          className="listbox"
          renderEmptyState={() => <p className="listbox-empty">{found.isFetching ? '搜尋中…' : '查無人員'}</p>}
        >
          {(p) => (
            <ListBoxItem id={p.id} textValue={p.name} className="listbox-item">
              {describe(p)}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
      <FieldError id={errorId} message={errorMessage} />
    </ComboBox>
  );
}
