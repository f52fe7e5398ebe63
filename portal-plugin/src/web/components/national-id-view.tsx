// The masked national ID, and the one way to the whole number: the
// directory's audited view, which asks why (查閱事由) and writes each view to
// 帳號異動記錄 before answering. The number stays in this dialog only: it is
// not cached, not put in the address, and gone when the dialog closes.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { viewNationalIdBody } from '@webitr/contracts/forms/directory';
import type { ViewNationalIdInput } from '@webitr/contracts/forms/directory';
import type { NationalIdFullView } from '@webitr/contracts/views/directory';
import { directory } from '../api/directory.ts';
import { fieldErrorsFor, isProblem, networkError } from '../api/problem.ts';
import type { ProblemError } from '../api/problem.ts';
import { TextInput } from './form-fields.tsx';
import { ProblemMessage } from './problem-message.tsx';

export function NationalIdView({ personId, name, masked }: { personId: string; name: string; masked: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <span className="national-id">{masked}</span>{' '}
      <Button className="secondary" aria-label={`查閱 ${name} 的完整身分證字號`} onPress={() => setOpen(true)}>
        查閱
      </Button>
      {open ? <ViewDialog personId={personId} name={name} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ViewDialog({ personId, name, onClose }: { personId: string; name: string; onClose: () => void }) {
  const { control, handleSubmit, setError } = useForm<ViewNationalIdInput>({
    resolver: zodResolver(viewNationalIdBody),
    defaultValues: { reason: '' },
  });
  const view = useMutation<NationalIdFullView, ProblemError, string>({
    mutationFn: (reason) => directory.viewNationalId(personId, reason),
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const f of fieldErrorsFor(problem, ['reason'] as const).fields) setError(f.name, { type: 'server', message: f.message });
    },
  });
  const submit = handleSubmit(({ reason }) => view.mutate(reason));
  return (
    <ModalOverlay className="modal-overlay" isOpen onOpenChange={(isOpen) => (isOpen ? undefined : onClose())} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">查閱 {name} 的身分證字號</Heading>
              {view.data ? (
                <>
                  <p>
                    完整號碼：
                    <strong className="national-id" id="national-id-full">
                      {view.data.nationalId}
                    </strong>
                  </p>
                  <p className="muted">此次查閱與事由已記入帳號異動記錄。請勿抄錄或轉傳。</p>
                </>
              ) : (
                <form onSubmit={(e) => void submit(e)} noValidate aria-label="查閱事由">
                  <p className="muted">身分證字號為個人資料，查閱須填寫事由，並記入帳號異動記錄。</p>
                  <Controller
                    control={control}
                    name="reason"
                    render={({ field, fieldState }) => (
                      <TextInput
                        label="查閱事由"
                        name="reason"
                        isRequired
                        value={field.value}
                        onChange={field.onChange}
                        error={fieldState.error?.message}
                      />
                    )}
                  />
                  {view.error && !fieldErrorsFor(view.error, ['reason'] as const).fields.length ? (
                    <ProblemMessage problem={isProblem(view.error) ? view.error : networkError()} />
                  ) : null}
                  <p className="actions">
                    <Button type="submit" isDisabled={view.isPending}>
                      查閱
                    </Button>
                  </p>
                </form>
              )}
              <p className="actions">
                <Button className="secondary" onPress={close}>
                  關閉
                </Button>
              </p>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
