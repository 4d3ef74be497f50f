export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="usa-hint" role="status">
      {label}
    </p>
  );
}
