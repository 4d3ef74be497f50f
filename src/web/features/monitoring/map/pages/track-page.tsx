import { useParams } from "react-router";
import { usePageTitle } from "../../../../lib/page-title";
import { TrackPlayback } from "../components/track-playback";

/** A stand-alone home for TrackPlayback until it is mounted in the person page's Monitoring section. */
export function TrackPage() {
  usePageTitle("Track playback");
  const { caseId = "" } = useParams();
  return (
    <>
      <h1>Monitoring track</h1>
      <p>Where the person's device placed them during a window of at most 24 hours. Each view is recorded in the audit log.</p>
      <TrackPlayback caseId={caseId} />
    </>
  );
}
