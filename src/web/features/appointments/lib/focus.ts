/** After a refused submission, focus goes to the first field in error so it is read out with its message. */
export const focusFirstInvalid = (form: HTMLFormElement | null): void => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
