import { type ReactNode, useEffect, useId, useRef } from "react";

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
