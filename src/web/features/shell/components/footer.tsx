export function Footer({ agencyName }: { agencyName: string }) {
  return (
    <footer className="usa-footer usa-footer--slim">
      <div className="usa-footer__secondary-section">
        <div className="grid-container-widescreen">
          <p className="margin-0">{agencyName}. Activity in Waypoint is monitored and recorded.</p>
        </div>
      </div>
    </footer>
  );
}
