import { type ReactNode, useEffect, useId, useRef } from "react";
import { ErrorAlert } from "./alert";
import { Button } from "./button";

type DialogProps = { title: string; onClose: () => void; children: ReactNode };

/**
 * A modal dialog on the native <dialog> element: the browser makes the rest of the page inert and closes it
 * with Escape. Open while mounted; focus moves to its first field and back to the opener when it closes.
 */
export function Dialog({ title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
    (first ?? dialog.querySelector<HTMLElement>("h2"))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="waypoint-dialog"
      aria-labelledby={headingId}
      // React may disconnect and reconnect effects (closing and reopening the dialog); the close event of
      // such a reconnect arrives when it is open again and is not the user's.
      onClose={() => {
        if (!ref.current?.open) onClose();
      }}
    >
      <div className="display-flex flex-justify flex-align-start">
        <h2 id={headingId} tabIndex={-1} className="margin-top-0 font-heading-lg">
          {title}
        </h2>
        <button type="button" className="usa-button usa-button--unstyled waypoint-dialog__close" onClick={() => ref.current?.close()}>
          Close<span className="usa-sr-only"> this dialog</span>
        </button>
      </div>
      {children}
    </dialog>
  );
}

type ConfirmDialogProps = {
  title: string;
  /** What will happen, in words: the action is final, so the dialog says what it changes. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string | undefined;
  /** Resolves when done (the dialog closes); throws to keep it open with the error shown. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  pending?: boolean | undefined;
  error?: unknown;
  destructive?: boolean | undefined;
};

/** Asks before a final or destructive action, naming what it will do; the action's error stays in the dialog. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  onConfirm,
  onClose,
  pending,
  error,
  destructive,
}: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <ErrorAlert error={error} />
      <ul className="usa-button-group">
        <li className="usa-button-group__item">
          <Button
            variant={destructive ? "secondary" : "primary"}
            pending={pending}
            onClick={async () => {
              try {
                await onConfirm();
                onClose();
              } catch {
                // Shown in the dialog (error).
              }
            }}
          >
            {confirmLabel}
          </Button>
        </li>
        <li className="usa-button-group__item">
          <Button variant="outline" onClick={onClose}>
            {cancelLabel}
          </Button>
        </li>
      </ul>
    </Dialog>
  );
}
