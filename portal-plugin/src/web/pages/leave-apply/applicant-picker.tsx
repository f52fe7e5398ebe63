// 多人: the applicants an attendance manager files for, found with the
// directory's colleague search (the one the deputy settings use).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { api } from '../../api/index.ts';
import { isProblem } from '../../api/problem.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { useDebounced } from './use-debounced.ts';

interface Colleague {
  personId: string;
  name: string;
  unitName?: string;
  title?: string;
}

export function ApplicantPicker(props: {
  chosen: { personId: string; name: string }[];
  onChange: (chosen: { personId: string; name: string }[]) => void;
  error?: string | undefined;
}) {
  const { chosen, onChange, error } = props;
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: ['directory', 'colleagues', q],
    queryFn: () => api.get<{ items: Colleague[] }>('/api/directory/colleagues', { q, pageSize: 10 }),
    enabled: q !== '',
  });
  const add = (c: Colleague) => {
    if (!chosen.some((a) => a.personId === c.personId)) onChange([...chosen, { personId: c.personId, name: c.name }]);
  };
  return (
    <fieldset className="field applicants">
      <legend>申請人（多人）</legend>
      {chosen.length > 0 ? (
        <ul className="chips" aria-label="已選申請人">
          {chosen.map((a) => (
            <li key={a.personId}>
              {a.name}
              <Button
                className="secondary small-button"
                aria-label={`移除 ${a.name}`}
                onPress={() => onChange(chosen.filter((x) => x.personId !== a.personId))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚未選擇申請人。</p>
      )}
      <SearchField className="field" value={text} onChange={setText}>
        <Label>以姓名或單位查詢同仁</Label>
        <Input className="text-input" />
      </SearchField>
      {isProblem(found.error) ? <ProblemMessage problem={found.error} /> : null}
      {found.data ? (
        <ul className="search-results" aria-label="查詢結果">
          {found.data.items.map((c) => (
            <li key={c.personId}>
              <span>
                {c.name}
                <span className="muted small"> {[c.unitName, c.title].filter(Boolean).join(' ')}</span>
              </span>
              <Button className="secondary small-button" onPress={() => add(c)} isDisabled={chosen.some((a) => a.personId === c.personId)}>
                加入
              </Button>
            </li>
          ))}
          {found.data.items.length === 0 ? <li className="muted">查無符合的同仁。</li> : null}
        </ul>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
