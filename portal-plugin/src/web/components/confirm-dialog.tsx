import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A yes/no question before something that cannot be undone (「是否確定撤銷？」).
 * Controlled: the page opens it and gets onConfirm; Escape or 取消 closes it.
 */
export function ConfirmDialog(props: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  onConfirm: () => void;
}) {
  const { isOpen, onOpenChange, title, children, confirmLabel = '確定', cancelLabel = '取消', onConfirm } = props;
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">{title}</Heading>
              {children}
              <div className="actions">
                <Button
                  onPress={() => {
                    close();
                    onConfirm();
                  }}
                >
                  {confirmLabel}
                </Button>
                <Button className="secondary" onPress={close} autoFocus>
                  {cancelLabel}
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
