/** The system use notice (CJIS Security Policy 5.5.4 / NIST AC-8) shown before sign-in. */
export function SystemUseNotice() {
  return (
    <section className="usa-site-alert usa-site-alert--info margin-bottom-3" aria-labelledby="use-notice-heading">
      <div className="usa-alert">
        <div className="usa-alert__body">
          <h2 className="usa-alert__heading" id="use-notice-heading">
            System use notice
          </h2>
          <div className="usa-alert__text">
            <p>
              You are accessing a restricted government information system. Only authorised users may use it, and only for official
              purposes.
            </p>
            <ul>
              <li>Activity on this system is monitored, recorded and subject to audit.</li>
              <li>Unauthorised use is prohibited and may be subject to criminal prosecution and civil penalties.</li>
              <li>Use of this system constitutes consent to monitoring and recording.</li>
            </ul>
          </div>
        </div>
      </div>
    </section>
  );
}
