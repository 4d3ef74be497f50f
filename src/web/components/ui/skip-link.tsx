export function SkipLink() {
  return (
    <a className="usa-skipnav" href="#main-content">
      Skip to main content
    </a>
  );
}
